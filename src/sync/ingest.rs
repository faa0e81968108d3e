//! The sync write path: one transaction per window upserts the rows that
//! changed, keeps their previous values in history, moves the daily rollup by
//! the difference and advances the cursor. A crash anywhere leaves either the
//! whole window or none of it.
//!
//! Batches travel as one JSON parameter expanded by `json_each`: with sqlx
//! every statement costs a round trip to the connection's worker thread, so
//! a window is a handful of statements whatever its size.

use crate::model::{
    AccountId, BizDay, EpochSecs, Money, OrderId, OrderRow, PositionId, RatePct, RowId, SubUnionId, SyncRunId,
    ValidCode,
};
use serde_json::{json, Value};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct WindowCommit<'a> {
    pub account: AccountId,
    pub run: SyncRunId,
    pub rows: &'a [OrderRow],
    /// The platform instant up to which this window is now complete.
    pub cursor: EpochSecs,
    pub pages: u32,
    pub recorded_at: EpochSecs,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    pub written: u64,
    pub unchanged: u64,
}

const ROW_COLUMNS: &str = "id, account_id, order_id, parent_id, order_time, order_day, finish_time, modify_time, \
     sku_id, sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate, \
     estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id, \
     position_id, sub_union_id, plus, valid_code, group_id, partner_id";

pub async fn commit_window(pool: &SqlitePool, commit: WindowCommit<'_>) -> Result<CommitOutcome, sqlx::Error> {
    let incoming = latest_by_id(commit.rows);
    let mut tx = pool.begin().await?;
    let existing = load_existing(&mut tx, incoming.keys().copied()).await?;
    let changed: Vec<&OrderRow> = incoming
        .values()
        .filter(|row| existing.get(&row.id).is_none_or(|(old, _)| old != **row))
        .copied()
        .collect();
    let outcome = CommitOutcome { written: changed.len() as u64, unchanged: (incoming.len() - changed.len()) as u64 };
    if !changed.is_empty() {
        let groups = group_ids(&mut tx, &changed, commit.recorded_at).await?;
        let partners = partner_ids(&mut tx, &changed, commit.recorded_at).await?;
        let valid_before = valid_rows_per_order(&mut tx, &changed).await?;
        append_history(&mut tx, &changed, &existing, commit.run, commit.recorded_at).await?;
        upsert_rows(&mut tx, commit.account, &changed, &groups, &partners).await?;
        let deltas = rollup_deltas(&changed, &existing, &groups, &valid_before);
        apply_rollup(&mut tx, &deltas).await?;
    }
    sqlx::query(
        "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (?1, 'order_rows', ?2, ?3)
         ON CONFLICT (account_id, stream) DO UPDATE SET position = MAX(position, excluded.position), updated_at = excluded.updated_at",
    )
    .bind(commit.account.0)
    .bind(commit.cursor)
    .bind(commit.recorded_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE sync_runs SET windows_done = windows_done + 1, pages = pages + ?1, rows_fetched = rows_fetched + ?2,
         rows_written = rows_written + ?3 WHERE id = ?4",
    )
    .bind(i64::from(commit.pages))
    .bind(commit.rows.len() as i64)
    .bind(outcome.written as i64)
    .bind(commit.run.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(outcome)
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

fn json_list<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> String {
    Value::Array(items.into_iter().map(|item| json!(item)).collect()).to_string()
}

type Existing = HashMap<RowId, (OrderRow, Option<i64>)>;

async fn load_existing(
    tx: &mut Transaction<'_, Sqlite>,
    ids: impl IntoIterator<Item = RowId>,
) -> Result<Existing, sqlx::Error> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM order_rows WHERE id IN (SELECT value FROM json_each(?1))");
    let rows = // The SQL is assembled from the constant column list only.
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(json_list(ids.into_iter().map(|id| id.0))).fetch_all(&mut **tx).await?;
    rows.iter()
        .map(|r| {
            let row = stored_row(r)?;
            Ok((row.id, (row, r.try_get("group_id")?)))
        })
        .collect()
}

pub(crate) fn stored_row(r: &SqliteRow) -> Result<OrderRow, sqlx::Error> {
    let sub_union_id: Option<String> = r.try_get("sub_union_id")?;
    let pay_month: Option<i64> = r.try_get("pay_month")?;
    let position_id: Option<i64> = r.try_get("position_id")?;
    Ok(OrderRow {
        id: RowId(r.try_get("id")?),
        order_id: OrderId(r.try_get("order_id")?),
        parent_id: r.try_get("parent_id")?,
        order_time: r.try_get("order_time")?,
        finish_time: r.try_get("finish_time")?,
        modify_time: r.try_get("modify_time")?,
        sku_id: r.try_get("sku_id")?,
        sku_name: r.try_get("sku_name")?,
        sku_num: r.try_get("sku_num")?,
        sku_return_num: r.try_get("sku_return_num")?,
        sku_frozen_num: r.try_get("sku_frozen_num")?,
        price: Money::from_fen(r.try_get("price_fen")?),
        cid1: r.try_get("cid1")?,
        commission_rate: RatePct::from_hundredths(r.try_get("commission_rate")?),
        final_rate: RatePct::from_hundredths(r.try_get("final_rate")?),
        estimate_cos_price: Money::from_fen(r.try_get("estimate_cos_price_fen")?),
        estimate_fee: Money::from_fen(r.try_get("estimate_fee_fen")?),
        actual_cos_price: Money::from_fen(r.try_get("actual_cos_price_fen")?),
        actual_fee: Money::from_fen(r.try_get("actual_fee_fen")?),
        pay_month: pay_month.and_then(BizDay::from_int),
        union_id: r.try_get("union_id")?,
        position_id: position_id.map(PositionId),
        sub_union_id: sub_union_id.and_then(|s| SubUnionId::parse(&s).ok()),
        plus: r.try_get("plus")?,
        valid_code: ValidCode(r.try_get("valid_code")?),
    })
}

/// Maps positions to groups, creating a placeholder group for a position
/// the user has not named yet.
async fn group_ids(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[&OrderRow],
    now: EpochSecs,
) -> Result<HashMap<PositionId, i64>, sqlx::Error> {
    let wanted: HashSet<i64> = rows.iter().filter_map(|r| r.position_id.map(|p| p.0)).collect();
    let mut found: HashMap<PositionId, i64> = HashMap::new();
    for r in sqlx::query("SELECT id, position_id FROM groups WHERE position_id IN (SELECT value FROM json_each(?1))")
        .bind(json_list(&wanted))
        .fetch_all(&mut **tx)
        .await?
    {
        found.insert(PositionId(r.get("position_id")), r.get("id"));
    }
    let missing: Vec<i64> = wanted.into_iter().filter(|p| !found.contains_key(&PositionId(*p))).collect();
    if !missing.is_empty() {
        for r in sqlx::query(
            "INSERT INTO groups (name, kind, position_id, is_placeholder, created_at)
             SELECT '推广位 ' || value, 'other', value, 1, ?2 FROM json_each(?1) RETURNING id, position_id",
        )
        .bind(json_list(&missing))
        .bind(now)
        .fetch_all(&mut **tx)
        .await?
        {
            found.insert(PositionId(r.get("position_id")), r.get("id"));
        }
    }
    Ok(found)
}

/// Maps sub-union ids to partners, creating a placeholder partner for one
/// the user has not entered yet.
async fn partner_ids(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[&OrderRow],
    now: EpochSecs,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let wanted: HashSet<&str> = rows.iter().filter_map(|r| r.sub_union_id.as_ref().map(SubUnionId::as_str)).collect();
    let mut found: HashMap<String, i64> = HashMap::new();
    for r in sqlx::query("SELECT id, sub_union_id FROM partners WHERE sub_union_id IN (SELECT value FROM json_each(?1))")
        .bind(json_list(&wanted))
        .fetch_all(&mut **tx)
        .await?
    {
        found.insert(r.get("sub_union_id"), r.get("id"));
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|s| !found.contains_key(*s)).collect();
    if !missing.is_empty() {
        for r in sqlx::query(
            "INSERT INTO partners (name, role, sub_union_id, is_placeholder, created_at)
             SELECT value, 'member', value, 1, ?2 FROM json_each(?1) RETURNING id, sub_union_id",
        )
        .bind(json_list(&missing))
        .bind(now)
        .fetch_all(&mut **tx)
        .await?
        {
            found.insert(r.get("sub_union_id"), r.get("id"));
        }
    }
    Ok(found)
}

async fn valid_rows_per_order(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[&OrderRow],
) -> Result<HashMap<OrderId, i64>, sqlx::Error> {
    let orders: HashSet<i64> = rows.iter().map(|r| r.order_id.0).collect();
    let counts = sqlx::query(
        "SELECT order_id, COUNT(*) AS n FROM order_rows
         WHERE order_id IN (SELECT value FROM json_each(?1)) AND valid_code IN (16, 17, 18, 24) GROUP BY order_id",
    )
    .bind(json_list(&orders))
    .fetch_all(&mut **tx)
    .await?;
    Ok(counts.iter().map(|r| (OrderId(r.get("order_id")), r.get("n"))).collect())
}

async fn append_history(
    tx: &mut Transaction<'_, Sqlite>,
    changed: &[&OrderRow],
    existing: &Existing,
    run: SyncRunId,
    now: EpochSecs,
) -> Result<(), sqlx::Error> {
    let old: Vec<Value> = changed
        .iter()
        .filter_map(|row| existing.get(&row.id))
        .map(|(old, _)| {
            json!([
                old.id.0,
                old.modify_time,
                old.valid_code.0,
                old.sku_return_num,
                old.estimate_fee.fen(),
                old.actual_fee.fen(),
                old.pay_month.map(BizDay::as_int),
                old.finish_time
            ])
        })
        .collect();
    if old.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO order_row_history (row_id, sync_run_id, recorded_at, modify_time, valid_code, sku_return_num,
             estimate_fee_fen, actual_fee_fen, pay_month, finish_time)
         SELECT value ->> 0, ?2, ?3, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
         FROM json_each(?1)",
    )
    .bind(Value::Array(old).to_string())
    .bind(run.0)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One multi-row `VALUES` statement per window: parsing JSON for 29
/// columns per row cost several times more than binding them.
async fn upsert_rows(
    tx: &mut Transaction<'_, Sqlite>,
    account: AccountId,
    rows: &[&OrderRow],
    groups: &HashMap<PositionId, i64>,
    partners: &HashMap<String, i64>,
) -> Result<(), sqlx::Error> {
    // SQLite allows 32,766 bound values per statement; 29 per row.
    const ROWS_PER_STATEMENT: usize = 1_000;
    let updates: Vec<String> =
        ROW_COLUMNS.split(", ").skip(1).map(|c| format!("{c} = excluded.{c}", c = c.trim())).collect();
    let on_conflict = format!(" ON CONFLICT (id) DO UPDATE SET {}", updates.join(", "));
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut query = sqlx::QueryBuilder::<Sqlite>::new(format!("INSERT INTO order_rows ({ROW_COLUMNS}) "));
        query.push_values(chunk, |mut b, r| {
            b.push_bind(r.id.0)
                .push_bind(account.0)
                .push_bind(r.order_id.0)
                .push_bind(r.parent_id)
                .push_bind(r.order_time)
                .push_bind(r.order_day().as_int())
                .push_bind(r.finish_time)
                .push_bind(r.modify_time)
                .push_bind(r.sku_id)
                .push_bind(r.sku_name.clone())
                .push_bind(r.sku_num)
                .push_bind(r.sku_return_num)
                .push_bind(r.sku_frozen_num)
                .push_bind(r.price.fen())
                .push_bind(r.cid1)
                .push_bind(r.commission_rate.hundredths())
                .push_bind(r.final_rate.hundredths())
                .push_bind(r.estimate_cos_price.fen())
                .push_bind(r.estimate_fee.fen())
                .push_bind(r.actual_cos_price.fen())
                .push_bind(r.actual_fee.fen())
                .push_bind(r.pay_month.map(BizDay::as_int))
                .push_bind(r.union_id)
                .push_bind(r.position_id.map(|p| p.0))
                .push_bind(r.sub_union_id.as_ref().map(|s| s.as_str().to_owned()))
                .push_bind(r.plus)
                .push_bind(r.valid_code.0)
                .push_bind(r.position_id.and_then(|p| groups.get(&p).copied()))
                .push_bind(r.sub_union_id.as_ref().and_then(|s| partners.get(s.as_str()).copied()));
        });
        query.push(&on_conflict);
        query.build().execute(&mut **tx).await?;
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

type RollupKey = (i64, i64, i64);

fn rollup_key(row: &OrderRow, group: Option<i64>) -> RollupKey {
    (row.order_day().as_int(), group.unwrap_or(0), row.pay_month.map(BizDay::as_int).unwrap_or(0))
}

fn contribute(deltas: &mut HashMap<RollupKey, RollupDelta>, key: RollupKey, row: &OrderRow, sign: i64) {
    let valid = row.valid_code.is_valid();
    let d = deltas.entry(key).or_default();
    d.rows += sign;
    if valid {
        d.valid_rows += sign;
        d.estimate_fee += sign * row.estimate_fee.fen();
        d.actual_fee += sign * row.actual_fee.fen();
    }
}

/// The rollup moves by (new contribution − old contribution) per row. An
/// order counts once, on the day and group of its rows, while it has at
/// least one valid row; counts live in the `pay_month = 0` bucket.
fn rollup_deltas(
    changed: &[&OrderRow],
    existing: &Existing,
    groups: &HashMap<PositionId, i64>,
    valid_before: &HashMap<OrderId, i64>,
) -> HashMap<RollupKey, RollupDelta> {
    let mut deltas: HashMap<RollupKey, RollupDelta> = HashMap::new();
    let mut valid_after: HashMap<OrderId, i64> = HashMap::new();
    let mut order_key_new: HashMap<OrderId, (i64, i64)> = HashMap::new();
    let mut order_key_old: HashMap<OrderId, (i64, i64)> = HashMap::new();
    for row in changed {
        let new_group = row.position_id.and_then(|p| groups.get(&p).copied());
        contribute(&mut deltas, rollup_key(row, new_group), row, 1);
        let count = valid_after.entry(row.order_id).or_insert_with(|| valid_before.get(&row.order_id).copied().unwrap_or(0));
        if row.valid_code.is_valid() {
            *count += 1;
            order_key_new.entry(row.order_id).or_insert((row.order_day().as_int(), new_group.unwrap_or(0)));
        }
        if let Some((old, old_group)) = existing.get(&row.id) {
            contribute(&mut deltas, rollup_key(old, *old_group), old, -1);
            if old.valid_code.is_valid() {
                *count -= 1;
                order_key_old.entry(row.order_id).or_insert((old.order_day().as_int(), old_group.unwrap_or(0)));
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
        if let Some(&(day, group)) = key {
            deltas.entry((day, group, 0)).or_default().orders += sign;
        }
    }
    deltas
}

async fn apply_rollup(
    tx: &mut Transaction<'_, Sqlite>,
    deltas: &HashMap<RollupKey, RollupDelta>,
) -> Result<(), sqlx::Error> {
    let values: Vec<Value> = deltas
        .iter()
        .filter(|(_, d)| **d != RollupDelta::default())
        .map(|((day, group, pay_month), d)| {
            json!([day, group, pay_month, d.rows, d.valid_rows, d.orders, d.estimate_fee, d.actual_fee])
        })
        .collect();
    if values.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO daily_rollup (day, group_id, pay_month, rows, valid_rows, orders, estimate_fee_fen, actual_fee_fen)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
         FROM json_each(?1) WHERE true
         ON CONFLICT (day, group_id, pay_month) DO UPDATE SET
             rows = rows + excluded.rows, valid_rows = valid_rows + excluded.valid_rows, orders = orders + excluded.orders,
             estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
             actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen",
    )
    .bind(Value::Array(values).to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
