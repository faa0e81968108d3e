//! The sync write path: one transaction per window upserts the rows that
//! changed, keeps their previous values in history, moves the daily and team
//! rollups by the difference and advances the cursor. A crash anywhere leaves either the
//! whole window or none of it.
//!
//! It runs on the sync writer's own connection (`BulkWriter`) with cached
//! prepared statements: per-row statements are cheap there, so the code can
//! say plainly what happens to each row.

use super::clawbacks;
use super::facet_rollups::{order_hour, FacetDeltas};
use super::punishments;
use super::stored_rows::{select_existing_sql, stored_settlements};
use crate::model::valid_code_sql;
use crate::model::{
    AccountId, BizDay, Clawback, EpochSecs, Money, OrderId, OrderRow, Platform, PositionId, Punishment, RejectedRow,
    RowId, RowPlace, Settlement, StoredOrderRow, SubUnionId, SyncRunId, ORDER_ROW_COLUMNS, ORDER_ROW_WIDTH,
};
use crate::platform::pdd::PddSubsidy;
use crate::store::{BulkError, BulkWriter};
use crate::team::platform_ids;
use crate::team::rollup::{self, DayTotal, PartnerDay};
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct WindowCommit {
    pub account: AccountId,
    pub run: SyncRunId,
    pub rows: Vec<OrderRow>,
    /// Rows of the window that could not be read, set aside whole.
    pub rejected: Vec<RejectedRow>,
    /// The platform instant up to which this window is now complete.
    pub cursor: EpochSecs,
    pub pages: u32,
    pub recorded_at: EpochSecs,
    /// 多多进宝's subsidy fields of the window's rows, kept apart.
    pub subsidies: Vec<(RowId, PddSubsidy)>,
    /// 淘宝联盟's 维权 after settlement updated in the window.
    pub clawbacks: Vec<Clawback>,
    /// 淘宝联盟's punished orders, as the last sweep read them.
    pub punishments: Vec<Punishment>,
}

impl WindowCommit {
    /// The lines the platform sent for this window: its rows, and 淘宝联盟's
    /// 维权 and punishments (a row rewritten for its 维权 counts as written,
    /// so they count as fetched).
    fn lines_fetched(&self) -> usize {
        self.rows.len() + self.clawbacks.len() + self.punishments.len()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    pub written: u64,
    pub unchanged: u64,
}

pub async fn commit_window(writer: &BulkWriter, commit: WindowCommit) -> Result<CommitOutcome, BulkError> {
    let outcomes = commit_windows(writer, vec![commit]).await?;
    Ok(outcomes.into_iter().next().unwrap_or_default())
}

/// Consecutive windows in one transaction, in order: each is still whole,
/// and the cursor ends at the last. When fetching runs ahead of writing,
/// a batch writes each hot page of the row indexes once instead of once per
/// window, which is most of the cost of a commit.
pub async fn commit_windows(writer: &BulkWriter, commits: Vec<WindowCommit>) -> Result<Vec<CommitOutcome>, BulkError> {
    writer
        .run(move |connection| {
            // Immediate: the window reads stored rows and tree links before it
            // writes, and an edit committed in between would otherwise fail
            // the upgrade to a write lock (SQLITE_BUSY_SNAPSHOT) instead of
            // waiting for the busy timeout.
            let tx = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let outcomes = commits.iter().map(|commit| write_window(&tx, commit)).collect::<Result<Vec<_>, _>>()?;
            tx.commit()?;
            Ok(outcomes)
        })
        .await
}

fn write_window(tx: &Transaction<'_>, commit: &WindowCommit) -> Result<CommitOutcome, rusqlite::Error> {
    let fetched = latest_by_id(&commit.rows);
    let changed_clawbacks = clawbacks::keep(tx, &commit.clawbacks)?;
    punishments::keep(tx, &commit.punishments, commit.recorded_at)?;
    let clawed = clawbacks::clawed_rows(tx, &fetched, &changed_clawbacks)?;
    let mut incoming = fetched;
    incoming.extend(clawed.iter().map(|row| (row.id, row)));
    let existing = load_existing(tx, &incoming)?;
    let collided = take_collisions(&mut incoming, &existing);
    let named = people_kept(&incoming, &existing);
    incoming.extend(named.iter().map(|row| (row.id, row)));
    let changed: Vec<&OrderRow> = incoming
        .values()
        .filter(|row| existing.get(&row.id).is_none_or(|stored| stored.row != ***row))
        .copied()
        .collect();
    let outcome = CommitOutcome { written: changed.len() as u64, unchanged: (incoming.len() - changed.len()) as u64 };
    if !changed.is_empty() {
        let groups = group_ids(tx, &changed, commit.recorded_at)?;
        let partners = partner_ids(tx, &changed, commit.recorded_at)?;
        let valid_before = valid_rows_per_order(tx, &changed)?;
        append_history(tx, &changed, &existing, commit.run, commit.recorded_at)?;
        let links = Links { groups: &groups, partners: &partners };
        upsert_rows(tx, commit.account, &changed, &links)?;
        keep_subsidies(tx, &commit.subsidies, &incoming)?;
        let deltas = rollup_deltas(&changed, &existing, &links, &valid_before);
        apply_rollup(tx, &deltas.daily)?;
        deltas.facets.apply(tx)?;
        rollup::add_to_partner_days(tx, &deltas.partner_days)?;
    }
    set_aside(tx, commit, &collided)?;
    tx.prepare_cached(
        "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (?1, 'order_rows', ?2, ?3)
         ON CONFLICT (account_id, stream) DO UPDATE SET position = MAX(position, excluded.position), updated_at = excluded.updated_at",
    )?
    .execute(params![commit.account, commit.cursor, commit.recorded_at])?;
    tx.prepare_cached(
        "UPDATE sync_runs SET windows_done = windows_done + 1, pages = pages + ?1, rows_fetched = rows_fetched + ?2,
         rows_written = rows_written + ?3 WHERE id = ?4",
    )?
    .execute(params![
        i64::from(commit.pages),
        commit.lines_fetched() as i64,
        outcome.written as i64,
        commit.run
    ])?;
    Ok(outcome)
}

/// The version of the row reader: set aside rows read by an older one are
/// tried again (`retry_rejected`). Raise it whenever the reader learns to
/// read something it refused before.
pub const READER_VERSION: i64 = 2;

/// 多多进宝's subsidy fields, each row's newest (a row that is not written
/// because it collided keeps none of the incoming ones).
fn keep_subsidies(
    tx: &Transaction<'_>,
    subsidies: &[(RowId, PddSubsidy)],
    written: &BTreeMap<RowId, &OrderRow>,
) -> Result<(), rusqlite::Error> {
    if subsidies.is_empty() {
        return Ok(());
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO order_row_subsidies (row_id, subsidy_type, subsidy_amount_fen, subsidy_duo_amount_level_fen,
             subsidy_duo_amount_ten_million_fen, no_subsidy_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (row_id) DO UPDATE SET subsidy_type = excluded.subsidy_type,
             subsidy_amount_fen = excluded.subsidy_amount_fen,
             subsidy_duo_amount_level_fen = excluded.subsidy_duo_amount_level_fen,
             subsidy_duo_amount_ten_million_fen = excluded.subsidy_duo_amount_ten_million_fen,
             no_subsidy_reason = excluded.no_subsidy_reason",
    )?;
    for (row, subsidy) in subsidies.iter().filter(|(row, _)| written.contains_key(row)) {
        upsert.execute(params![
            row,
            subsidy.subsidy_type,
            subsidy.subsidy_amount,
            subsidy.duo_amount_level,
            subsidy.duo_amount_ten_million,
            subsidy.no_subsidy_reason,
        ])?;
    }
    Ok(())
}

/// Rows whose id is already another row's: a 多多进宝 or 淘宝联盟 key whose
/// stable id meets a different stored key (see `RowId::from_platform_key`).
/// They are set aside rather than written over the stored row.
fn take_collisions(incoming: &mut BTreeMap<RowId, &OrderRow>, existing: &Existing) -> Vec<RejectedRow> {
    let mut collided = Vec::new();
    incoming.retain(|id, row| {
        let Some(stored) = existing.get(id) else { return true };
        if stored.row.platform == row.platform && stored.row.platform_key == row.platform_key {
            return true;
        }
        let raw = serde_json::json!({ "platform": row.platform, "key": row.platform_key }).to_string();
        let reason = format!("id {id} already belongs to another {} row", stored.row.platform);
        collided.push(RejectedRow { row_id: Some(*id), raw, field: Some("id".to_owned()), reason });
        false
    });
    if !collided.is_empty() {
        tracing::warn!(rows = collided.len(), "rows set aside: their id already belongs to another row");
    }
    collided
}

/// Records the window's unreadable rows (and those `collided` with another
/// row's id), and forgets earlier ones that have now arrived readable.
fn set_aside(tx: &Transaction<'_>, commit: &WindowCommit, collided: &[RejectedRow]) -> Result<(), rusqlite::Error> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO rejected_rows (account_id, row_key, row_id, raw, field, reason, reader_version, first_seen, last_seen, run_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
         ON CONFLICT (account_id, row_key) DO UPDATE SET raw = excluded.raw, field = excluded.field,
             reason = excluded.reason, reader_version = excluded.reader_version, last_seen = excluded.last_seen,
             run_id = excluded.run_id",
    )?;
    for rejected in commit.rejected.iter().chain(collided) {
        insert.execute(params![
            commit.account,
            rejected_key(rejected),
            rejected.row_id,
            rejected.raw,
            rejected.field,
            rejected.reason,
            READER_VERSION,
            commit.recorded_at,
            commit.run,
        ])?;
    }
    let any_set_aside: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM rejected_rows WHERE account_id = ?1 AND row_id IS NOT NULL)")?
        .query_row(params![commit.account], |r| r.get(0))?;
    if any_set_aside {
        let mut forget = tx.prepare_cached("DELETE FROM rejected_rows WHERE account_id = ?1 AND row_key = ?2")?;
        let kept_aside: HashSet<RowId> = collided.iter().filter_map(|rejected| rejected.row_id).collect();
        for row in commit.rows.iter().filter(|row| !kept_aside.contains(&row.id)) {
            forget.execute(params![commit.account, row.id.to_string()])?;
        }
        for clawback in &commit.clawbacks {
            forget.execute(params![commit.account, Clawback::set_aside_id(&clawback.refund_key).to_string()])?;
        }
        for punishment in &commit.punishments {
            forget.execute(params![commit.account, Punishment::set_aside_id(&punishment.trade_key).to_string()])?;
        }
    }
    Ok(())
}

/// One entry per row: its id, or (when not even the id could be read) a
/// digest of its text, so reading the same page again adds nothing.
fn rejected_key(rejected: &RejectedRow) -> String {
    match rejected.row_id {
        Some(id) => id.to_string(),
        None => {
            // FNV-1a: stable across versions, unlike std's hasher.
            let digest = rejected
                .raw
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
            format!("raw:{digest:016x}")
        }
    }
}

/// A row can appear on two pages (the platform pages a moving set); the
/// newest version wins.
fn latest_by_id(rows: &[OrderRow]) -> BTreeMap<RowId, &OrderRow> {
    let mut latest: BTreeMap<RowId, &OrderRow> = BTreeMap::new();
    for row in rows {
        latest
            .entry(row.id)
            .and_modify(|kept| {
                if row.modify_time >= kept.modify_time {
                    *kept = row;
                }
            })
            .or_insert(row);
    }
    latest
}

/// A stored row as it was before this window, with the group and partner
/// it was attributed to then.
type Existing = HashMap<RowId, StoredOrderRow>;

/// Writes one row whole, or every column but its id over the stored one.
pub(crate) fn upsert_sql() -> String {
    let placeholders: Vec<String> = (1..=ORDER_ROW_WIDTH).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = ORDER_ROW_COLUMNS.iter().skip(1).map(|c| format!("{c} = excluded.{c}")).collect();
    format!(
        "INSERT INTO order_rows ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
        ORDER_ROW_COLUMNS.join(", "),
        placeholders.join(", "),
        updates.join(", ")
    )
}

/// The stored version of each incoming row. A row that arrives with
/// settlements beyond the plain one is compared with the settlements stored
/// for it; every other row is compared on its columns alone, so the common
/// row costs no second read.
fn load_existing(tx: &Transaction<'_>, incoming: &BTreeMap<RowId, &OrderRow>) -> Result<Existing, rusqlite::Error> {
    let mut select = tx.prepare_cached(&select_existing_sql())?;
    let mut existing = HashMap::new();
    for row in incoming.values() {
        if let Some(mut found) = select.query_row([row.id], StoredOrderRow::from_sql_row).optional()? {
            if row.settlements.is_some() {
                found.row.settlements = stored_settlements(tx, row.id)?;
            }
            existing.insert(row.id, found);
        }
    }
    Ok(existing)
}

/// 淘宝联盟 rows that come without the person their stored version names,
/// with it: a trade's 渠道 or 会员 id never changes, and only some answers
/// name it (`order_scene` 2 and 3), so a copy read from every order's
/// answer alone must not take the row from its partner.
fn people_kept(incoming: &BTreeMap<RowId, &OrderRow>, existing: &Existing) -> Vec<OrderRow> {
    incoming
        .values()
        .filter(|row| row.platform == Platform::Taobao && row.platform_person.is_none())
        .filter_map(|row| {
            let person = existing.get(&row.id)?.row.platform_person.clone()?;
            Some(OrderRow { platform_person: Some(person), ..(*row).clone() })
        })
        .collect()
}

/// Where a window's rows go by group: JD's by position, the other
/// platforms' by place (their `platform_place`, kept verbatim).
#[derive(Default)]
struct GroupLinks {
    by_position: HashMap<PositionId, i64>,
    by_place: HashMap<Platform, HashMap<String, i64>>,
}

/// Maps positions to groups, creating a placeholder group for a position
/// the user has not named yet; and 多多进宝/淘宝联盟 places to the groups
/// she gave them to. A place nobody holds gets no placeholder (see
/// `groups::platform_ids`): its rows count under no group until she names one.
fn group_ids(tx: &Transaction<'_>, rows: &[&OrderRow], now: EpochSecs) -> Result<GroupLinks, rusqlite::Error> {
    let wanted: HashSet<PositionId> = rows.iter().filter_map(|r| r.position_id).collect();
    let mut find = tx.prepare_cached("SELECT id FROM groups WHERE position_id = ?1")?;
    let mut create = tx.prepare_cached(
        "INSERT INTO groups (name, kind, position_id, is_placeholder, created_at)
         VALUES ('推广位 ' || ?1, 'other', ?1, 1, ?2) RETURNING id",
    )?;
    let mut found = GroupLinks::default();
    for position in wanted {
        let id = match find.query_row([position], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => create.query_row(params![position, now], |r| r.get(0))?,
        };
        found.by_position.insert(position, id);
    }
    let places: HashSet<(Platform, &str)> = rows
        .iter()
        .filter(|r| r.platform != Platform::Jd)
        .filter_map(|r| r.platform_place.as_deref().map(|place| (r.platform, place)))
        .collect();
    let mut holder = tx.prepare_cached("SELECT group_id FROM group_platform_ids WHERE platform = ?1 AND place = ?2")?;
    for (platform, place) in places {
        if let Some(id) = holder.query_row(params![platform, place], |r| r.get(0)).optional()? {
            found.by_place.entry(platform).or_default().insert(place.to_owned(), id);
        }
    }
    Ok(found)
}

/// Where a window's rows go by partner: JD's by sub-union id, the other
/// platforms' by their `platform_person` as the row carries it (read once
/// per distinct text: a 多多进宝 one is JSON).
#[derive(Default)]
struct PartnerLinks {
    by_sub_union: HashMap<String, i64>,
    by_person: HashMap<Platform, HashMap<String, i64>>,
}

/// Maps sub-union ids to partners, creating a placeholder partner for one
/// the user has not entered yet; and 多多进宝/淘宝联盟 persons to the
/// partners she gave them to (by `team::platform_ids::person_key`). A
/// person nobody holds gets no placeholder (see `team::platform_ids`).
fn partner_ids(tx: &Transaction<'_>, rows: &[&OrderRow], now: EpochSecs) -> Result<PartnerLinks, rusqlite::Error> {
    let wanted: HashSet<&str> = rows.iter().filter_map(|r| r.sub_union_id.as_ref().map(SubUnionId::as_str)).collect();
    let mut find = tx.prepare_cached("SELECT id FROM partners WHERE sub_union_id = ?1")?;
    let mut create = tx.prepare_cached(
        "INSERT INTO partners (name, role, sub_union_id, is_placeholder, created_at)
         VALUES (?1, 'member', ?1, 1, ?2) RETURNING id",
    )?;
    let mut found = PartnerLinks::default();
    for sub_union_id in wanted {
        let id = match find.query_row([sub_union_id], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => create.query_row(params![sub_union_id, now], |r| r.get(0))?,
        };
        found.by_sub_union.insert(sub_union_id.to_owned(), id);
    }
    let persons: HashSet<(Platform, &str)> = rows
        .iter()
        .filter(|r| r.platform != Platform::Jd)
        .filter_map(|r| r.platform_person.as_deref().map(|person| (r.platform, person)))
        .collect();
    let mut holder =
        tx.prepare_cached("SELECT partner_id FROM partner_platform_ids WHERE platform = ?1 AND person = ?2")?;
    for (platform, person) in persons {
        let Some(key) = platform_ids::person_key(platform, person) else { continue };
        if let Some(id) = holder.query_row(params![platform, key], |r| r.get(0)).optional()? {
            found.by_person.entry(platform).or_default().insert(person.to_owned(), id);
        }
    }
    Ok(found)
}

fn valid_rows_per_order(tx: &Transaction<'_>, rows: &[&OrderRow]) -> Result<HashMap<OrderId, i64>, rusqlite::Error> {
    let orders: HashSet<OrderId> = rows.iter().map(|r| r.order_id).collect();
    let mut count =
        tx.prepare_cached(concat!("SELECT COUNT(*) FROM order_rows WHERE order_id = ?1 AND ", valid_code_sql!()))?;
    orders.into_iter().map(|order| Ok((order, count.query_row([order], |r| r.get(0))?))).collect()
}

fn append_history(
    tx: &Transaction<'_>,
    changed: &[&OrderRow],
    existing: &Existing,
    run: SyncRunId,
    now: EpochSecs,
) -> Result<(), rusqlite::Error> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO order_row_history (row_id, sync_run_id, recorded_at, modify_time, valid_code, sku_return_num,
             estimate_fee_fen, actual_fee_fen, pay_month, finish_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for old in changed.iter().filter_map(|row| existing.get(&row.id)).map(|stored| &stored.row) {
        insert.execute(params![
            old.id,
            run,
            now,
            old.modify_time,
            old.valid_code,
            old.sku_return_num,
            old.estimate_fee,
            old.actual_fee,
            old.pay_month,
            old.finish_time
        ])?;
    }
    Ok(())
}

fn upsert_rows(
    tx: &Transaction<'_>,
    account: AccountId,
    rows: &[&OrderRow],
    links: &Links<'_>,
) -> Result<(), rusqlite::Error> {
    let mut upsert = tx.prepare_cached(&upsert_sql())?;
    for r in rows {
        let place = RowPlace { account, group: links.group(r), partner: links.partner(r) };
        upsert.execute(rusqlite::params_from_iter(r.to_sql_params(&place)?))?;
        if r.platform == Platform::Taobao {
            // 淘宝联盟's days are worked out here from its 维权, not listed by
            // the platform: the new set replaces the old one whole.
            tx.prepare_cached("DELETE FROM order_row_settlements WHERE row_id = ?1")?.execute([r.id])?;
        }
        if let Some(settlements) = &r.settlements {
            write_settlements(tx, r.id, settlements)?;
        }
    }
    Ok(())
}

/// Each day's settled amount, over what an earlier version said of the
/// same day. A day the platform stops listing stays: it should never drop
/// one, and what was settled then was settled.
fn write_settlements(tx: &Transaction<'_>, row: RowId, settlements: &[Settlement]) -> Result<(), rusqlite::Error> {
    let mut write = tx.prepare_cached(
        "INSERT OR REPLACE INTO order_row_settlements (row_id, settle_day, fee_fen) VALUES (?1, ?2, ?3)",
    )?;
    for settlement in settlements {
        write.execute(params![row, settlement.day, settlement.fee])?;
    }
    Ok(())
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct RollupDelta {
    rows: i64,
    valid_rows: i64,
    orders: i64,
    estimate_fee: i64,
    actual_fee: i64,
}

/// (platform, order day, group or 0, pay month or 0): `daily_rollup`'s key.
type RollupKey = (Platform, i64, i64, i64);

fn rollup_key(row: &OrderRow, group: Option<i64>) -> RollupKey {
    (row.platform, row.order_day().as_int(), group.unwrap_or(0), row.pay_month.map(BizDay::as_int).unwrap_or(0))
}

fn contribute(deltas: &mut HashMap<RollupKey, RollupDelta>, key: RollupKey, row: &OrderRow, sign: i64) {
    let valid = row.valid_code.is_valid();
    let d = deltas.entry(key).or_default();
    d.rows += sign;
    if valid {
        d.valid_rows += sign;
        d.estimate_fee = moved(d.estimate_fee, row.estimate_fee, sign);
        d.actual_fee = moved(d.actual_fee, row.actual_fee, sign);
    }
}

/// `total ± amount`. Amounts are bounded where they are read, so a batch
/// cannot reach i64's end; should one ever, it stops there, never wraps.
fn moved(total: i64, amount: Money, sign: i64) -> i64 {
    total.saturating_add(amount.fen().saturating_mul(sign))
}

/// Where a row's numbers go: its group (by position, or place) and its
/// partner (by sub-union id, or person).
struct Links<'a> {
    groups: &'a GroupLinks,
    partners: &'a PartnerLinks,
}

impl Links<'_> {
    fn group(&self, row: &OrderRow) -> Option<i64> {
        match row.platform {
            Platform::Jd => row.position_id.and_then(|p| self.groups.by_position.get(&p).copied()),
            platform => {
                row.platform_place.as_deref().and_then(|place| self.groups.by_place.get(&platform)?.get(place).copied())
            }
        }
    }

    fn partner(&self, row: &OrderRow) -> Option<i64> {
        match row.platform {
            Platform::Jd => row.sub_union_id.as_ref().and_then(|s| self.partners.by_sub_union.get(s.as_str()).copied()),
            platform => row
                .platform_person
                .as_deref()
                .and_then(|person| self.partners.by_person.get(&platform)?.get(person).copied()),
        }
    }
}

struct Deltas {
    daily: HashMap<RollupKey, RollupDelta>,
    partner_days: HashMap<PartnerDay, DayTotal>,
    facets: FacetDeltas,
}

/// Where an order counts: its platform, day, group, partner and hour.
type OrderKey = (Platform, i64, i64, Option<i64>, i64);

fn contribute_partner(deltas: &mut HashMap<PartnerDay, DayTotal>, partner: Option<i64>, row: &OrderRow, sign: i64) {
    if let Some(partner) = partner.filter(|_| row.valid_code.is_valid()) {
        let d = deltas.entry((partner, row.platform, row.order_day().as_int())).or_default();
        d.estimate_fee = moved(d.estimate_fee, row.estimate_fee, sign);
        d.actual_fee = moved(d.actual_fee, row.actual_fee, sign);
    }
}

/// The rollups move by (new contribution − old contribution) per row. An
/// order counts once, on the day, group and partner of its rows, while it
/// has at least one valid row; group counts live in the `pay_month = 0`
/// bucket. An order's rows share one platform, one position and one
/// sub-union id (one promotion link), so the first valid row stands for
/// all of them. Each platform's rows move that platform's rollup lines.
fn rollup_deltas(
    changed: &[&OrderRow],
    existing: &Existing,
    links: &Links<'_>,
    valid_before: &HashMap<OrderId, i64>,
) -> Deltas {
    let mut deltas = Deltas { daily: HashMap::new(), partner_days: HashMap::new(), facets: FacetDeltas::default() };
    let mut valid_after: HashMap<OrderId, i64> = HashMap::new();
    let mut order_key_new: HashMap<OrderId, OrderKey> = HashMap::new();
    let mut order_key_old: HashMap<OrderId, OrderKey> = HashMap::new();
    for row in changed {
        let (new_group, new_partner) = (links.group(row), links.partner(row));
        contribute(&mut deltas.daily, rollup_key(row, new_group), row, 1);
        contribute_partner(&mut deltas.partner_days, new_partner, row, 1);
        deltas.facets.contribute(row, 1);
        let count =
            valid_after.entry(row.order_id).or_insert_with(|| valid_before.get(&row.order_id).copied().unwrap_or(0));
        if row.valid_code.is_valid() {
            *count += 1;
            order_key_new.entry(row.order_id).or_insert((
                row.platform,
                row.order_day().as_int(),
                new_group.unwrap_or(0),
                new_partner,
                order_hour(row),
            ));
        }
        if let Some(StoredOrderRow { row: old, place: RowPlace { group: old_group, partner: old_partner, .. } }) =
            existing.get(&row.id)
        {
            contribute(&mut deltas.daily, rollup_key(old, *old_group), old, -1);
            contribute_partner(&mut deltas.partner_days, *old_partner, old, -1);
            deltas.facets.contribute(old, -1);
            if old.valid_code.is_valid() {
                *count -= 1;
                order_key_old.entry(row.order_id).or_insert((
                    old.platform,
                    old.order_day().as_int(),
                    old_group.unwrap_or(0),
                    *old_partner,
                    order_hour(old),
                ));
            }
        }
    }
    for (order, after) in valid_after {
        let before = valid_before.get(&order).copied().unwrap_or(0);
        let (key, sign) = match (before > 0, after > 0) {
            (false, true) => (order_key_new.get(&order), 1),
            (true, false) => (order_key_old.get(&order), -1),
            _ => continue,
        };
        if let Some(&(platform, day, group, partner, hour)) = key {
            deltas.daily.entry((platform, day, group, 0)).or_default().orders += sign;
            deltas.facets.count_order((platform, day, hour), sign);
            if let Some(partner) = partner {
                deltas.partner_days.entry((partner, platform, day)).or_default().orders += sign;
            }
        }
    }
    deltas
}

fn apply_rollup(tx: &Transaction<'_>, deltas: &HashMap<RollupKey, RollupDelta>) -> Result<(), rusqlite::Error> {
    let mut apply = tx.prepare_cached(
        "INSERT INTO daily_rollup (platform, day, group_id, pay_month, rows, valid_rows, orders, estimate_fee_fen,
                                   actual_fee_fen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (day, group_id, pay_month, platform) DO UPDATE SET
             rows = rows + excluded.rows, valid_rows = valid_rows + excluded.valid_rows, orders = orders + excluded.orders,
             estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
             actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen",
    )?;
    for ((platform, day, group, pay_month), d) in deltas.iter().filter(|(_, d)| **d != RollupDelta::default()) {
        apply.execute(params![
            platform,
            day,
            group,
            pay_month,
            d.rows,
            d.valid_rows,
            d.orders,
            d.estimate_fee,
            d.actual_fee
        ])?;
    }
    Ok(())
}
