//! Keeps `partner_daily` (her own valid commission per order day) and
//! `team_daily` (the same summed over her whole downline) in step with
//! order rows and with the shape of the tree, so that a partner's own and
//! team earnings for any range read one row per day; and, beside
//! `partner_daily`, the month ceilings and day totals the partner report
//! ranks with (migration 0019), and the same three for each platform
//! (`partner_platform_*`, migration 0030), which keep no team.
//!
//! Three things change them: sync rewriting order rows
//! (`add_to_partner_days`, on the sync writer's rusqlite connection), a
//! partner given her id on a platform taking the rows stored with it
//! (`add_partner_days`), and a partner moving in the tree (`detach` before,
//! `attach` after, inside the move's sqlx transaction), which moves team
//! totals only.

use crate::model::Platform;
use rusqlite::{params, OptionalExtension, Transaction};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

/// One partner's valid commission on one order day, or a change to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DayTotal {
    pub orders: i64,
    pub estimate_fee: i64,
    pub actual_fee: i64,
}

impl DayTotal {
    fn add(&mut self, other: DayTotal) {
        self.orders = self.orders.saturating_add(other.orders);
        self.estimate_fee = self.estimate_fee.saturating_add(other.estimate_fee);
        self.actual_fee = self.actual_fee.saturating_add(other.actual_fee);
    }
}

/// Where one partner's day is kept: her id, the platform and the order day.
pub(crate) type PartnerDay = (i64, Platform, i64);

/// Moves each partner's own total of each day, across platforms and on the
/// day's platform, the team total of every one of her ancestors, and the
/// ranking's month ceilings and day totals, by the given change.
pub(crate) fn add_to_partner_days(
    tx: &Transaction<'_>,
    deltas: &HashMap<PartnerDay, DayTotal>,
) -> Result<(), rusqlite::Error> {
    let moved: Vec<(PartnerDay, DayTotal)> =
        deltas.iter().filter(|(_, d)| **d != DayTotal::default()).map(|(key, d)| (*key, *d)).collect();
    let mut across: HashMap<(i64, i64), DayTotal> = HashMap::new();
    for &((partner, _, day), d) in &moved {
        across.entry((partner, day)).or_default().add(d);
    }
    add_across_platforms(tx, &across)?;
    add_on_platforms(tx, &moved)
}

/// `partner_daily`, `team_daily`, `partner_month_ceiling` and
/// `partner_day_totals`, which keep no platform.
fn add_across_platforms(tx: &Transaction<'_>, deltas: &HashMap<(i64, i64), DayTotal>) -> Result<(), rusqlite::Error> {
    let [own_sql, team_sql, totals_sql] = partner_days_sql();
    let mut own = tx.prepare_cached(&own_sql)?;
    let mut team = tx.prepare_cached(&team_sql)?;
    let mut ceiling = tx.prepare_cached(CEILING_SQL)?;
    let mut ancestors = Ancestors::default();
    // Summed per day first: a window touches many partners but few days.
    let mut day_totals: HashMap<i64, DayTotal> = HashMap::new();
    for (&(partner, day), d) in deltas.iter().filter(|(_, d)| **d != DayTotal::default()) {
        let now: i64 = own.query_row(params![partner, day, d.orders, d.estimate_fee, d.actual_fee], |r| r.get(0))?;
        // Written even when unchanged, so every partner with a day in a
        // month is on that month's list.
        ceiling.execute(params![day, partner, ceiling_change(now, d.estimate_fee)])?;
        day_totals.entry(day).or_default().add(*d);
        for ancestor in ancestors.of(tx, partner)? {
            team.execute(params![ancestor, day, d.orders, d.estimate_fee, d.actual_fee])?;
        }
    }
    let mut totals = tx.prepare_cached(&totals_sql)?;
    for (day, d) in day_totals {
        totals.execute(params![day, d.orders, d.estimate_fee, d.actual_fee])?;
    }
    Ok(())
}

/// `partner_platform_daily` and the one-platform ranking's ceilings and day
/// totals beside it.
fn add_on_platforms(tx: &Transaction<'_>, deltas: &[(PartnerDay, DayTotal)]) -> Result<(), rusqlite::Error> {
    let [own_sql, ceiling_sql, totals_sql] = platform_days_sql();
    let mut own = tx.prepare_cached(&own_sql)?;
    let mut ceiling = tx.prepare_cached(&ceiling_sql)?;
    let mut day_totals: HashMap<(Platform, i64), DayTotal> = HashMap::new();
    for &((partner, platform, day), d) in deltas {
        let now: i64 =
            own.query_row(params![platform, partner, day, d.orders, d.estimate_fee, d.actual_fee], |r| r.get(0))?;
        ceiling.execute(params![platform, day, partner, ceiling_change(now, d.estimate_fee)])?;
        day_totals.entry((platform, day)).or_default().add(d);
    }
    let mut totals = tx.prepare_cached(&totals_sql)?;
    for ((platform, day), d) in day_totals {
        totals.execute(params![platform, day, d.orders, d.estimate_fee, d.actual_fee])?;
    }
    Ok(())
}

/// Raises partner `?2`'s ceiling for the month of day `?1` by `?3`.
const CEILING_SQL: &str = "INSERT INTO partner_month_ceiling (month, partner_id, ceiling_fen) VALUES (?1 / 100, ?2, ?3)
     ON CONFLICT (month, partner_id) DO UPDATE SET ceiling_fen = ceiling_fen + excluded.ceiling_fen";

/// How her month's ceiling (the sum of her positive day estimates) moves
/// when a day's estimate moved by `change` to `now`.
fn ceiling_change(now: i64, change: i64) -> i64 {
    let before = now.saturating_sub(change);
    now.max(0).saturating_sub(before.max(0))
}

/// `add_to_partner_days` for one partner's days on one platform, inside an
/// edit's sqlx transaction: rows stored before she was named as theirs
/// (see `platform_ids`) count for her, her uplines, the day totals and the
/// platform's own partner days.
pub(crate) async fn add_partner_days(
    db: &mut SqliteConnection,
    partner: i64,
    platform: Platform,
    days: &[(i64, DayTotal)],
) -> Result<(), sqlx::Error> {
    let [own_sql, team_sql, totals_sql] = partner_days_sql();
    let [platform_own_sql, platform_ceiling_sql, platform_totals_sql] = platform_days_sql();
    let ancestors: Vec<i64> = sqlx::query_scalar(
        "WITH RECURSIVE up (id) AS (
             SELECT parent_id FROM partners WHERE id = ?1 AND parent_id IS NOT NULL
             UNION SELECT p.parent_id FROM partners p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL)
         SELECT id FROM up WHERE id <> ?1",
    )
    .bind(partner)
    .fetch_all(&mut *db)
    .await?;
    // The texts are assembled from constant fragments only.
    let sql = |text: &String| sqlx::query(sqlx::AssertSqlSafe(text.clone()));
    for &(day, d) in days.iter().filter(|(_, d)| *d != DayTotal::default()) {
        let now: i64 = adding(sql(&own_sql).bind(partner).bind(day), d).fetch_one(&mut *db).await?.try_get(0)?;
        let raise = ceiling_change(now, d.estimate_fee);
        sqlx::query(CEILING_SQL).bind(day).bind(partner).bind(raise).execute(&mut *db).await?;
        for ancestor in &ancestors {
            adding(sql(&team_sql).bind(ancestor).bind(day), d).execute(&mut *db).await?;
        }
        adding(sql(&totals_sql).bind(day), d).execute(&mut *db).await?;
        let there = sql(&platform_own_sql).bind(platform).bind(partner).bind(day);
        let now_there: i64 = adding(there, d).fetch_one(&mut *db).await?.try_get(0)?;
        let raise = ceiling_change(now_there, d.estimate_fee);
        sql(&platform_ceiling_sql).bind(platform).bind(day).bind(partner).bind(raise).execute(&mut *db).await?;
        adding(sql(&platform_totals_sql).bind(platform).bind(day), d).execute(&mut *db).await?;
    }
    Ok(())
}

/// Binds a day's change after an upsert's key: its last three parameters.
fn adding<'q>(query: SqliteQuery<'q>, d: DayTotal) -> SqliteQuery<'q> {
    query.bind(d.orders).bind(d.estimate_fee).bind(d.actual_fee)
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// The sync writer's three upserts: a partner's own day (answering her new
/// estimate), an ancestor's team day, and the day's total over everyone.
pub(crate) fn partner_days_sql() -> [String; 3] {
    let add = |table: &str, key: &str| {
        format!(
            "INSERT INTO {table} ({key}, day, orders, estimate_fee_fen, actual_fee_fen) VALUES (?1, ?2, ?3, ?4, ?5) {}",
            adds_up(&format!("{key}, day"))
        )
    };
    [
        format!("{} RETURNING estimate_fee_fen", add("partner_daily", "partner_id")),
        add("team_daily", "ancestor_id"),
        format!(
            "INSERT INTO partner_day_totals (day, orders, estimate_fee_fen, actual_fee_fen) VALUES (?1, ?2, ?3, ?4) {}",
            adds_up("day")
        ),
    ]
}

/// The same for one platform: a partner's own day there (answering her new
/// estimate), her ceiling for the month of day `?2` (raised by `?4`), and
/// the day's total over everyone there.
pub(crate) fn platform_days_sql() -> [String; 3] {
    [
        format!(
            "INSERT INTO partner_platform_daily (platform, partner_id, day, orders, estimate_fee_fen, actual_fee_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) {} RETURNING estimate_fee_fen",
            adds_up("platform, partner_id, day")
        ),
        "INSERT INTO partner_platform_month_ceiling (platform, month, partner_id, ceiling_fen) VALUES (?1, ?2 / 100, ?3, ?4)
         ON CONFLICT (platform, month, partner_id) DO UPDATE SET ceiling_fen = ceiling_fen + excluded.ceiling_fen"
            .to_owned(),
        format!(
            "INSERT INTO partner_platform_day_totals (platform, day, orders, estimate_fee_fen, actual_fee_fen)
             VALUES (?1, ?2, ?3, ?4, ?5) {}",
            adds_up("platform, day")
        ),
    ]
}

/// The upsert clause that adds a row's totals to the stored ones with the
/// same `key` columns.
fn adds_up(key: &str) -> String {
    format!(
        "ON CONFLICT ({key}) DO UPDATE SET orders = orders + excluded.orders,
             estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
             actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen"
    )
}

/// Parent links read once per commit: a window touches few partners but
/// each of them walks the same upper levels of the tree.
#[derive(Default)]
struct Ancestors {
    parent: HashMap<i64, Option<i64>>,
}

impl Ancestors {
    fn of(&mut self, tx: &Transaction<'_>, partner: i64) -> Result<Vec<i64>, rusqlite::Error> {
        let mut found = Vec::new();
        let mut at = partner;
        loop {
            let parent = match self.parent.get(&at) {
                Some(parent) => *parent,
                None => {
                    let parent = tx
                        .prepare_cached("SELECT parent_id FROM partners WHERE id = ?1")?
                        .query_row([at], |r| r.get::<_, Option<i64>>(0))
                        .optional()?
                        .flatten();
                    self.parent.insert(at, parent);
                    parent
                }
            };
            // Moves refuse cycles; stopping on a repeat keeps a damaged
            // tree from hanging sync.
            match parent {
                Some(next) if next != partner && !found.contains(&next) => {
                    found.push(next);
                    at = next;
                }
                _ => return Ok(found),
            }
        }
    }
}

/// Which totals move with her: her own and, when her downline goes with
/// her, theirs too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moving {
    Herself,
    WithDownline,
}

/// Takes what moves out of every ancestor's team total; call before the
/// parent links change. When she moves alone her team total is cleared,
/// since her direct downline stays behind with her old parent.
pub(crate) async fn detach(db: &mut SqliteConnection, partner: i64, moving: Moving) -> Result<(), sqlx::Error> {
    shift(db, partner, moving, -1).await?;
    if moving == Moving::Herself {
        sqlx::query("DELETE FROM team_daily WHERE ancestor_id = ?1").bind(partner).execute(&mut *db).await?;
    }
    Ok(())
}

/// Adds what moved to every new ancestor's team total; call after the
/// parent links changed.
pub(crate) async fn attach(db: &mut SqliteConnection, partner: i64, moving: Moving) -> Result<(), sqlx::Error> {
    shift(db, partner, moving, 1).await
}

async fn shift(db: &mut SqliteConnection, partner: i64, moving: Moving, sign: i64) -> Result<(), sqlx::Error> {
    // Assembled from constant fragments only.
    sqlx::query(sqlx::AssertSqlSafe(shift_sql(moving))).bind(partner).bind(sign).execute(db).await?;
    Ok(())
}

/// Adds `?2` times partner `?1`'s days (and her downline's, when it moves
/// with her) to every ancestor's team days.
pub(crate) fn shift_sql(moving: Moving) -> String {
    let downline = match moving {
        Moving::Herself => "",
        Moving::WithDownline => {
            "UNION ALL SELECT day, orders, estimate_fee_fen, actual_fee_fen FROM team_daily WHERE ancestor_id = ?1"
        }
    };
    // `WHERE true` tells SQLite's parser the upsert clause follows a SELECT.
    format!(
        "WITH RECURSIVE up (id) AS (
             SELECT parent_id FROM partners WHERE id = ?1 AND parent_id IS NOT NULL
             UNION SELECT p.parent_id FROM partners p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL),
         moving (day, orders, estimate_fee_fen, actual_fee_fen) AS (
             SELECT day, orders, estimate_fee_fen, actual_fee_fen FROM partner_daily WHERE partner_id = ?1 {downline})
         INSERT INTO team_daily (ancestor_id, day, orders, estimate_fee_fen, actual_fee_fen)
         SELECT up.id, m.day, ?2 * SUM(m.orders), ?2 * SUM(m.estimate_fee_fen), ?2 * SUM(m.actual_fee_fen)
         FROM up CROSS JOIN moving m WHERE true GROUP BY up.id, m.day {}",
        adds_up("ancestor_id, day")
    )
}
