//! 淘宝联盟's 维权 after settlement in the sync writer. Each 维权 is kept
//! apart (`order_row_clawbacks`), newest version only; a row it takes from
//! is then written as its own settled income less what its 维权 in status
//! 12/13 take: the rollups and the calendar show what the row keeps, on its
//! own pay day, and its settlement days (its income on its pay day, each
//! take on a later one) let 分润 reverse a partner's share in the month the
//! money leaves, as for JD's refunds after settlement. The row's own income
//! (the `base`) is what the platform's order list says; a stored row's is
//! its pay day's settlement, since a take is never booked on that day.

use super::stored_rows::{select_existing_sql, stored_settlements};
use crate::model::{
    BizDay, BizMonth, Clawback, EpochSecs, Money, OrderRow, Platform, RowId, Settlement, StoredOrderRow,
};
use crate::platform::taobao::PAY_DAY_OF_MONTH;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// 维权 read back for one row: far more than one order line ever has.
const MAX_PER_ROW: i64 = 64;

/// Keeps each incoming 维权 unless a newer version is stored, and says
/// which rows' 维权 changed.
pub(super) fn keep(tx: &Transaction<'_>, clawbacks: &[Clawback]) -> Result<BTreeSet<RowId>, rusqlite::Error> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO order_row_clawbacks (row_id, refund_key, trade_key, refund_status, fee_fen, settle_day, modify_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (row_id, refund_key) DO UPDATE SET trade_key = excluded.trade_key,
             refund_status = excluded.refund_status, fee_fen = excluded.fee_fen,
             settle_day = excluded.settle_day, modify_time = excluded.modify_time
         WHERE excluded.modify_time >= order_row_clawbacks.modify_time
           AND (excluded.refund_status, excluded.fee_fen, excluded.settle_day, excluded.trade_key)
               IS NOT (order_row_clawbacks.refund_status, order_row_clawbacks.fee_fen,
                       order_row_clawbacks.settle_day, order_row_clawbacks.trade_key)",
    )?;
    let mut changed = BTreeSet::new();
    for c in clawbacks {
        let written =
            upsert.execute(params![c.row, c.refund_key, c.trade_key, c.status, c.fee, c.settle_day, c.modify_time])?;
        if written > 0 {
            changed.insert(c.row);
        }
    }
    Ok(changed)
}

/// The rows a window writes again because of their 维权: each incoming
/// 淘宝联盟 row that has any, as its income less what they take, and each
/// stored row whose 维权 changed in this window though the row itself did
/// not come.
pub(super) fn clawed_rows(
    tx: &Transaction<'_>,
    incoming: &BTreeMap<RowId, &OrderRow>,
    changed: &BTreeSet<RowId>,
) -> Result<Vec<OrderRow>, rusqlite::Error> {
    let mut clawed = Vec::new();
    for row in incoming.values().filter(|row| row.platform == Platform::Taobao) {
        let stored = stored_for(tx, row.id)?;
        if !stored.is_empty() {
            clawed.push(less_clawbacks(row, row.actual_fee, &stored));
        }
    }
    for id in changed.iter().filter(|id| !incoming.contains_key(id)) {
        // A 维权 read before its row is kept until the row comes.
        let Some(stored_row) = stored_row(tx, *id)? else { continue };
        let settlements = stored_settlements(tx, *id)?.unwrap_or_default();
        let base = income_of(&stored_row.row, &settlements);
        clawed.push(less_clawbacks(&stored_row.row, base, &stored_for(tx, *id)?));
    }
    Ok(clawed)
}

/// `row` as its income `base` less what `clawbacks` take: never below
/// nothing; the income on the row's own pay day and each take on its own
/// day, a day the row itself is paid or earlier moved to the next month's
/// pay day, since money already paid can only be taken from a later payout.
/// A row with no pay day has not been paid: nothing is taken from it yet.
/// Only a 维权 of the row's own trade counts (two trades' stand-in ids
/// could meet).
pub(super) fn less_clawbacks(row: &OrderRow, base: Money, clawbacks: &[Clawback]) -> OrderRow {
    let mut clawed = row.clone();
    clawed.actual_fee = base;
    clawed.settlements = None;
    let Some(paid) = row.pay_month else { return clawed };
    let mut left = base.fen().max(0);
    let mut takes: BTreeMap<BizDay, i64> = BTreeMap::new();
    let own = |c: &&Clawback| c.takes_from_her() && row.platform_key.as_deref() == Some(c.trade_key.as_str());
    for clawback in clawbacks.iter().filter(own) {
        let taken = clawback.fee.fen().clamp(0, left);
        if taken == 0 {
            continue;
        }
        left -= taken;
        let day = clawback.settle_day.filter(|day| *day > paid).unwrap_or_else(|| next_pay_day(paid));
        *takes.entry(day).or_default() += taken;
    }
    if !takes.is_empty() {
        clawed.actual_fee = Money::from_fen(left);
        clawed.settlements = Some(
            std::iter::once(Settlement { day: paid, fee: base })
                .chain(takes.into_iter().map(|(day, taken)| Settlement { day, fee: Money::from_fen(-taken) }))
                .collect(),
        );
    }
    clawed
}

/// 淘宝联盟's pay day of the month after `paid`'s.
fn next_pay_day(paid: BizDay) -> BizDay {
    BizMonth::of(paid).next().first_day().add_days(i64::from(PAY_DAY_OF_MONTH) - 1)
}

/// A stored row's own income: its pay day's settlement when it has
/// settlement days (it was written less its 维权), else its settled amount.
fn income_of(row: &OrderRow, settlements: &[Settlement]) -> Money {
    settlements.iter().find(|s| Some(s.day) == row.pay_month).map_or(row.actual_fee, |s| s.fee)
}

fn stored_for(tx: &Transaction<'_>, row: RowId) -> Result<Vec<Clawback>, rusqlite::Error> {
    let mut select = tx.prepare_cached(
        "SELECT refund_key, trade_key, refund_status, fee_fen, settle_day, modify_time
         FROM order_row_clawbacks WHERE row_id = ?1 ORDER BY refund_key LIMIT ?2",
    )?;
    let clawbacks = select.query_map(params![row, MAX_PER_ROW], |r| {
        Ok(Clawback {
            row,
            refund_key: r.get(0)?,
            trade_key: r.get(1)?,
            status: r.get(2)?,
            fee: r.get(3)?,
            settle_day: r.get::<_, Option<i64>>(4)?.and_then(BizDay::from_int),
            modify_time: r.get::<_, EpochSecs>(5)?,
        })
    })?;
    clawbacks.collect()
}

fn stored_row(tx: &Transaction<'_>, row: RowId) -> Result<Option<StoredOrderRow>, rusqlite::Error> {
    tx.prepare_cached(&select_existing_sql())?.query_row([row], StoredOrderRow::from_sql_row).optional()
}
