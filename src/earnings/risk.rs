//! The risk radar: order lines a platform marked as risk (validCode 25
//! traffic hijack, 26 abnormal traffic, 27 broke the platform's rules —
//! 多多进宝's 已处罚 too —, 28 multi-transaction anomaly) and 淘宝联盟's rows
//! frozen by a punishment (a rule breach too, whatever their own status), by
//! partner and by group over a range, of one platform or of all, each line
//! with the platform's own codes behind it; and
//! 总览's flags: risk lines changed since she last looked, and partners whose
//! share of risk lines jumped this week against the four weeks before.
//!
//! Risk lines are few, and a partial index (`order_rows_risk_by_day`) holds
//! exactly them; the frozen rows are few too, found by their own partial
//! index (`order_row_punishments_frozen`) and then by row id: these reads
//! touch no other row.

use super::categories::invalid_message;
use crate::model::{BizDay, EpochSecs, Message, Money, Platform, ValidCode, UNFROZEN};
use crate::store::sql::IdName;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// The risk codes, in the order every breakdown lists them.
pub const RISK_CODES: [i64; 4] = [25, 26, 27, 28];

/// A week against the four before it.
const RECENT_DAYS: i64 = 7;
const BEFORE_DAYS: i64 = 28;
/// A partner is flagged when at least this many recent lines are risk …
const MIN_RECENT_RISK: i64 = 3;
/// … and their share is at least this, and twice what it was before.
const MIN_RECENT_SHARE: f64 = 0.05;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RiskLine {
    /// Partner or group id; 0 for lines of no partner or no group.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub rows: i64,
    /// What these lines would have earned.
    pub lost_fen: Money,
    /// Lines per code of `RISK_CODES`, same order.
    pub by_code: Vec<i64>,
    /// Risk lines among her lines (risk lines and valid orders), in percent; partners only.
    pub share_pct: Option<f64>,
    /// The platforms' own codes behind these lines, by platform then code.
    pub platform_codes: Vec<PlatformCode>,
}

/// A platform's own code and how many of a risk line's rows carry it:
/// JD's validCode, 多多进宝's `order_status`, 淘宝联盟's `tk_status`, or
/// 淘宝联盟's punishment of a frozen row (`PUNISHED`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PlatformCode {
    pub platform: Platform,
    pub code: String,
    #[ts(type = "number")]
    pub rows: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RiskCode {
    #[ts(type = "number")]
    pub code: i64,
    pub label: Message,
    pub rows: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RiskRadar {
    pub from: BizDay,
    pub to: BizDay,
    pub rows: i64,
    pub codes: Vec<RiskCode>,
    /// Most risk lines first.
    pub partners: Vec<RiskLine>,
    pub groups: Vec<RiskLine>,
}

/// The own code of a row frozen by a punishment, whatever its status:
/// `punish` when the platform names no violation, else `punish:` and the
/// `violation_type` (1 店铺淘客, 2 订单虚假交易), which the window words.
pub const PUNISHED: &str = "punish";

fn punished_code(violation: Option<i64>) -> String {
    match violation {
        Some(violation) => format!("{PUNISHED}:{violation}"),
        None => PUNISHED.to_owned(),
    }
}

#[derive(sqlx::FromRow)]
struct Stored {
    partner_id: Option<i64>,
    group_id: Option<i64>,
    /// The risk code the line counts under: a frozen row's is the rule breach.
    valid_code: i64,
    platform: Platform,
    /// The platform's own code; none for JD, whose own code is `valid_code`.
    platform_status: Option<String>,
    /// Frozen by a punishment: its own code is the punishment's.
    punished: bool,
    violation: Option<i64>,
    rows: i64,
    lost: i64,
}

impl Stored {
    fn own_code(&self) -> String {
        if self.punished {
            punished_code(self.violation)
        } else {
            self.platform_status.clone().unwrap_or_else(|| self.valid_code.to_string())
        }
    }
}

const LOST: &str = "r.price_fen * (r.sku_num - r.sku_return_num) * r.commission_rate * r.final_rate / 100000000";
const RULE_BREACH: i64 = ValidCode::RULE_BREACH.0;

/// Every SQL text the radar builds at run time, for the prepare test (the
/// id lists only repeat their placeholder).
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    vec![
        radar_sql(),
        frozen_orders_sql(),
        new_rows_sql(),
        mark_seen_sql(),
        names_sql("partners", 2),
        names_sql("groups", 2),
        valid_orders_sql(Source::Rollup, 2),
        valid_orders_sql(Source::PlatformRollup, 2),
    ]
}

/// The risk rows not frozen, then the frozen rows (each once, whatever
/// its own code): the frozen ones from their partial index (CROSS JOIN keeps
/// SQLite from starting at `order_rows`), each row by its id.
fn radar_sql() -> String {
    format!(
        "SELECT partner_id, group_id, valid_code, platform, platform_status, punished, violation,
                COUNT(*) AS rows, SUM(lost) AS lost
         FROM (
             SELECT r.partner_id, r.group_id, r.valid_code, r.platform, r.platform_status,
                    0 AS punished, NULL AS violation, {LOST} AS lost
             FROM order_rows AS r
             WHERE r.valid_code BETWEEN 25 AND 28 AND r.order_day BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR r.platform = ?3)
               AND NOT EXISTS (SELECT 1 FROM order_row_punishments AS p
                               WHERE p.row_id = r.id AND p.punish_status <> {UNFROZEN})
             UNION ALL
             SELECT r.partner_id, r.group_id, {RULE_BREACH}, r.platform, NULL, 1, p.violation_type, {LOST}
             FROM order_row_punishments AS p CROSS JOIN order_rows AS r ON r.id = p.row_id
             WHERE p.punish_status <> {UNFROZEN} AND r.order_day BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR r.platform = ?3)
         )
         GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )
}

pub async fn radar(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): (BizDay, BizDay),
) -> Result<RiskRadar, sqlx::Error> {
    // A constant fragment only.
    let stored: Vec<Stored> =
        sqlx::query_as(sqlx::AssertSqlSafe(radar_sql())).bind(from).bind(to).bind(platform).fetch_all(pool).await?;
    let mut partners: BTreeMap<i64, RiskLine> = BTreeMap::new();
    let mut groups: BTreeMap<i64, RiskLine> = BTreeMap::new();
    let mut codes: BTreeMap<i64, i64> = BTreeMap::new();
    for s in &stored {
        *codes.entry(s.valid_code).or_default() += s.rows;
        let own_code = s.own_code();
        for (lines, id) in [(&mut partners, s.partner_id), (&mut groups, s.group_id)] {
            let line = lines.entry(id.unwrap_or(0)).or_insert_with(|| empty_line(id.unwrap_or(0)));
            line.rows += s.rows;
            line.lost_fen = Money::from_fen(line.lost_fen.fen().saturating_add(s.lost));
            if let Some(slot) = RISK_CODES.iter().position(|c| *c == s.valid_code) {
                line.by_code[slot] += s.rows;
            }
            // A line carries a few codes at most: the risk ones of each platform.
            match line.platform_codes.iter_mut().find(|c| c.platform == s.platform && c.code == own_code) {
                Some(found) => found.rows += s.rows,
                None => line.platform_codes.push(PlatformCode {
                    platform: s.platform,
                    code: own_code.clone(),
                    rows: s.rows,
                }),
            }
        }
    }
    for line in partners.values_mut().chain(groups.values_mut()) {
        line.platform_codes.sort();
    }
    let partner_names = names(pool, "partners", partners.keys()).await?;
    let group_names = names(pool, "groups", groups.keys()).await?;
    let orders = valid_orders(pool, platform, (from, to), partners.keys().copied().collect()).await?;
    // A constant fragment only.
    let frozen: Vec<PartnerOrders> = sqlx::query_as(sqlx::AssertSqlSafe(frozen_orders_sql()))
        .bind(from)
        .bind(to)
        .bind(platform)
        .fetch_all(pool)
        .await?;
    let frozen_orders: BTreeMap<i64, i64> = frozen.into_iter().map(|p| (p.partner_id, p.orders)).collect();
    let mut partners: Vec<RiskLine> = partners
        .into_values()
        .map(|mut line| {
            line.name = partner_names.get(&line.id).cloned().unwrap_or_default();
            // A frozen valid order is among the risk lines already.
            let free_orders =
                orders.get(&line.id).copied().unwrap_or(0) - frozen_orders.get(&line.id).copied().unwrap_or(0);
            line.share_pct = (line.id != 0).then(|| share(line.rows, free_orders.max(0)) * 100.0);
            line
        })
        .collect();
    let mut groups: Vec<RiskLine> = groups
        .into_values()
        .map(|mut line| {
            line.name = group_names.get(&line.id).cloned().unwrap_or_default();
            line
        })
        .collect();
    for lines in [&mut partners, &mut groups] {
        lines.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.id.cmp(&b.id)));
    }
    Ok(RiskRadar {
        from,
        to,
        rows: codes.values().sum(),
        codes: RISK_CODES
            .iter()
            .map(|&code| RiskCode { code, label: invalid_message(code), rows: codes.get(&code).copied().unwrap_or(0) })
            .collect(),
        partners,
        groups,
    })
}

fn empty_line(id: i64) -> RiskLine {
    RiskLine {
        id,
        name: String::new(),
        rows: 0,
        lost_fen: Money::ZERO,
        by_code: vec![0; RISK_CODES.len()],
        share_pct: None,
        platform_codes: Vec::new(),
    }
}

/// Risk lines among all her lines that count: risk ones and valid orders.
fn share(risk: i64, orders: i64) -> f64 {
    let all = risk.saturating_add(orders);
    if all == 0 {
        0.0
    } else {
        risk as f64 / all as f64
    }
}

/// `id → name` of the ids in `table` (`partners` or `groups`).
async fn names(
    pool: &SqlitePool,
    table: &'static str,
    ids: impl Iterator<Item = &i64>,
) -> Result<BTreeMap<i64, String>, sqlx::Error> {
    let ids: Vec<i64> = ids.copied().filter(|id| *id != 0).collect();
    let mut out = BTreeMap::new();
    // In chunks: SQLite binds at most a few thousand parameters.
    for chunk in ids.chunks(500) {
        // `table` is one of two constants; the ids are bound.
        let mut query = sqlx::query_as::<_, IdName>(sqlx::AssertSqlSafe(names_sql(table, chunk.len())));
        for id in chunk {
            query = query.bind(*id);
        }
        out.extend(query.fetch_all(pool).await?.into_iter().map(|n| (n.id, n.name)));
    }
    Ok(out)
}

/// Where a partner's valid orders are counted: `partner_daily` for every
/// platform, `partner_platform_daily` for one.
#[derive(Clone, Copy)]
enum Source {
    Rollup,
    PlatformRollup,
}

/// Each partner's valid orders over the range, of `platform` or of all.
async fn valid_orders(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): (BizDay, BizDay),
    partners: Vec<i64>,
) -> Result<BTreeMap<i64, i64>, sqlx::Error> {
    let source = if platform.is_some() { Source::PlatformRollup } else { Source::Rollup };
    let mut out = BTreeMap::new();
    for chunk in partners.chunks(500) {
        // Placeholders only; the ids are bound.
        let mut query = sqlx::query_as::<_, PartnerOrders>(sqlx::AssertSqlSafe(valid_orders_sql(source, chunk.len())))
            .bind(from)
            .bind(to)
            .bind(platform);
        for id in chunk {
            query = query.bind(*id);
        }
        out.extend(query.fetch_all(pool).await?.into_iter().map(|p| (p.partner_id, p.orders)));
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct PartnerOrders {
    partner_id: i64,
    orders: i64,
}

/// Each partner's valid orders that are risk lines already: orders with a
/// frozen valid line and no other valid line free, counted once each.
fn frozen_orders_sql() -> String {
    format!(
        "SELECT r.partner_id, COUNT(DISTINCT r.order_id) AS orders
         FROM order_row_punishments AS p CROSS JOIN order_rows AS r ON r.id = p.row_id
         WHERE p.punish_status <> {UNFROZEN} AND r.order_day BETWEEN ?1 AND ?2
           AND (?3 IS NULL OR r.platform = ?3) AND r.partner_id IS NOT NULL AND r.{VALID}
           AND NOT EXISTS (
               SELECT 1 FROM order_rows AS o
               WHERE o.order_id = r.order_id AND o.id <> r.id AND o.{VALID}
                 AND NOT EXISTS (SELECT 1 FROM order_row_punishments AS f
                                 WHERE f.row_id = o.id AND f.punish_status <> {UNFROZEN}))
         GROUP BY r.partner_id"
    )
}

fn names_sql(table: &str, ids: usize) -> String {
    let marks = vec!["?"; ids].join(", ");
    format!("SELECT id, name FROM {table} WHERE id IN ({marks})")
}

/// `?3` is the platform, which `partner_daily` has not (it is bound NULL
/// there). The ids are `?4` on, numbered: sqlx counts a bare `?` from the
/// first argument whatever numbers come before it.
fn valid_orders_sql(source: Source, ids: usize) -> String {
    let marks = (4..4 + ids).map(|at| format!("?{at}")).collect::<Vec<_>>().join(", ");
    match source {
        Source::Rollup => format!(
            "SELECT partner_id, SUM(orders) AS orders FROM partner_daily
             WHERE day BETWEEN ?1 AND ?2 AND ?3 IS NULL AND partner_id IN ({marks}) GROUP BY partner_id"
        ),
        Source::PlatformRollup => format!(
            "SELECT partner_id, SUM(orders) AS orders FROM partner_platform_daily
             WHERE platform = ?3 AND partner_id IN ({marks}) AND day BETWEEN ?1 AND ?2 GROUP BY partner_id"
        ),
    }
}

const VALID: &str = crate::model::ValidCode::VALID_SQL;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RiskJump {
    #[ts(type = "number")]
    pub partner_id: i64,
    pub name: String,
    /// Risk lines this week.
    pub recent_rows: i64,
    pub recent_share_pct: f64,
    pub before_share_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RiskFlags {
    /// Risk lines that changed since she last marked them seen (all, the first time).
    pub new_rows: i64,
    /// The last change `new_rows` counts, for marking exactly these seen:
    /// a change sync writes while she reads them stays new.
    #[ts(type = "number")]
    pub through: i64,
    pub jumps: Vec<RiskJump>,
}

/// The flags as of `now`.
pub async fn flags(pool: &SqlitePool, now: EpochSecs) -> Result<RiskFlags, sqlx::Error> {
    let today = BizDay::of(now);
    let (new_rows, through): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(new_rows_sql())).fetch_one(pool).await?;
    let recent = (today.add_days(1 - RECENT_DAYS), today);
    let before = (recent.0.add_days(-BEFORE_DAYS), recent.0.add_days(-1));
    // 总览's flags look across every platform.
    let now = radar(pool, None, recent).await?;
    let then = radar(pool, None, before).await?;
    let before_share: BTreeMap<i64, f64> =
        then.partners.iter().filter_map(|p| Some((p.id, p.share_pct? / 100.0))).collect();
    let mut jumps: Vec<RiskJump> = now
        .partners
        .into_iter()
        .filter(|p| p.id != 0 && p.rows >= MIN_RECENT_RISK)
        .filter_map(|p| {
            let recent_share = p.share_pct? / 100.0;
            let before = before_share.get(&p.id).copied().unwrap_or(0.0);
            (recent_share >= MIN_RECENT_SHARE && recent_share >= 2.0 * before).then_some(RiskJump {
                partner_id: p.id,
                name: p.name,
                recent_rows: p.rows,
                recent_share_pct: recent_share * 100.0,
                before_share_pct: before * 100.0,
            })
        })
        .collect();
    jumps.sort_by(|a, b| b.recent_share_pct.total_cmp(&a.recent_share_pct).then(a.partner_id.cmp(&b.partner_id)));
    jumps.truncate(10);
    Ok(RiskFlags { new_rows, through, jumps })
}

/// Risk lines changed since she looked: the rows logged in `risk_changes`
/// (by triggers, as sync writes them: see migration 0033) after her mark,
/// that are risk lines now (a risk code, or frozen by a punishment), each
/// once however often it changed; and the last number the log has handed
/// out, read in the same statement.
fn new_rows_sql() -> String {
    format!(
        "SELECT (SELECT COUNT(*) FROM order_rows AS r
         WHERE r.id IN (SELECT row_id FROM risk_changes
                        WHERE seq > COALESCE((SELECT seq FROM risk_changes_seen WHERE id = 1), 0))
           AND (r.valid_code BETWEEN 25 AND 28
                OR EXISTS (SELECT 1 FROM order_row_punishments AS p
                           WHERE p.row_id = r.id AND p.punish_status <> {UNFROZEN}))),
                {LAST_LOGGED}"
    )
}

/// The last number `risk_changes` handed out (SQLite keeps it for an
/// AUTOINCREMENT table, even once the rows are gone); 0 before the first.
const LAST_LOGGED: &str = "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'risk_changes'), 0)";

/// Her mark moves to `?1`, the last change she was shown, held to the last
/// one logged (a number from elsewhere must not hide changes to come), and
/// never back.
fn mark_seen_sql() -> String {
    format!(
        "INSERT INTO risk_changes_seen (id, seq) VALUES (1, MIN(MAX(?1, 0), {LAST_LOGGED}))
         ON CONFLICT (id) DO UPDATE SET seq = MAX(seq, excluded.seq)"
    )
}

/// What she has seen is never asked about again: the log keeps only what is new.
const FORGET_SEEN: &str = "DELETE FROM risk_changes WHERE seq <= (SELECT seq FROM risk_changes_seen WHERE id = 1)";

/// She has seen the risk lines of the flags that counted through change
/// `through`. A change sync writes after that is new, whatever date the
/// platform gave it.
pub async fn mark_seen(pool: &SqlitePool, through: i64) -> Result<(), sqlx::Error> {
    let mut tx = crate::store::begin_write(pool).await?;
    // Constant fragments only.
    sqlx::query(sqlx::AssertSqlSafe(mark_seen_sql())).bind(through).execute(&mut *tx).await?;
    sqlx::query(FORGET_SEEN).execute(&mut *tx).await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::temp_store;

    /// Every step of each read, as SQLite plans it (its parameters NULL).
    async fn plan(pool: &SqlitePool, sql: &str, parameters: usize) -> String {
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(explain));
        for _ in 0..parameters {
            query = query.bind(None::<i64>);
        }
        let steps = query.fetch_all(pool).await.expect("a plan");
        steps.into_iter().map(|step| step.3).collect::<Vec<_>>().join("\n")
    }

    /// The steps of `plan` that read a whole table rather than an index.
    fn scans(plan: &str) -> Vec<&str> {
        plan.lines()
            .filter(|step| {
                ["SCAN r", "SCAN p", "SCAN order_rows", "SCAN order_row_punishments", "SCAN risk_changes"]
                    .iter()
                    .any(|table| step.strip_prefix(table).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
                    && !step.contains("USING")
            })
            .collect()
    }

    #[tokio::test]
    async fn the_radar_and_the_flags_read_the_risk_and_frozen_rows_by_their_indexes_and_no_other() {
        let (_dir, store) = temp_store().await;
        let radar = plan(store.pool(), &radar_sql(), 3).await;
        assert!(radar.contains("order_rows_risk_by_day"), "{radar}");
        assert!(radar.contains("order_row_punishments_frozen"), "{radar}");
        assert_eq!(scans(&radar), Vec::<&str>::new(), "{radar}");
        // The new lines: the log after her mark, then each row by its id.
        let new_rows = plan(store.pool(), &new_rows_sql(), 0).await;
        assert!(new_rows.contains("SEARCH risk_changes USING INTEGER PRIMARY KEY (rowid>?)"), "{new_rows}");
        assert!(new_rows.contains("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"), "{new_rows}");
        assert_eq!(scans(&new_rows), Vec::<&str>::new(), "{new_rows}");
    }
}
