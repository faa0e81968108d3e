//! The category and hour rollups (`category_daily`, `hour_daily`), moved
//! by each changed row's difference in the same transaction as the daily
//! rollup, so the earnings reports never scan raw rows. Each row moves its
//! own platform's lines.

use crate::model::{BizDay, OrderRow, Platform};
use chrono::Timelike;
use rusqlite::{params, Transaction};
use std::collections::HashMap;

/// (platform, order day, cid1, validCode, pay month or 0).
type CategoryKey = (Platform, i64, i64, i64, i64);

/// (platform, order day, hour, pay month or 0).
type HourKey = (Platform, i64, i64, i64);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct CategoryDelta {
    rows: i64,
    estimate_fee: i64,
    actual_fee: i64,
    refunded: i64,
    invalidated: i64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct HourDelta {
    rows: i64,
    orders: i64,
    estimate_fee: i64,
    actual_fee: i64,
}

#[derive(Debug, Default)]
pub(crate) struct FacetDeltas {
    categories: HashMap<CategoryKey, CategoryDelta>,
    hours: HashMap<HourKey, HourDelta>,
}

/// The Beijing hour (0–23) the order was placed in.
pub(crate) fn order_hour(row: &OrderRow) -> i64 {
    i64::from(crate::model::to_beijing(row.order_time).hour())
}

/// What `units` of a row earn: price × units × commission rate × her
/// share, both rates in hundredths of a percent; the same integer sum as
/// `money_explained`'s SQL, so the two agree to the fen.
fn fee(row: &OrderRow, units: i64) -> i64 {
    let fen = i128::from(row.price.fen())
        * i128::from(units)
        * i128::from(row.commission_rate.hundredths())
        * i128::from(row.final_rate.hundredths())
        / 100_000_000;
    i64::try_from(fen).unwrap_or(if fen < 0 { i64::MIN } else { i64::MAX })
}

fn add(total: i64, amount: i64, sign: i64) -> i64 {
    total.saturating_add(amount.saturating_mul(sign))
}

impl FacetDeltas {
    /// Adds (`sign` 1) or takes back (`sign` -1) one row's share.
    pub(crate) fn contribute(&mut self, row: &OrderRow, sign: i64) {
        let day = row.order_day().as_int();
        let pay_month = row.pay_month.map(BizDay::as_int).unwrap_or(0);
        let code = row.valid_code;
        let kept = row.sku_num.saturating_sub(row.sku_return_num);
        let c = self.categories.entry((row.platform, day, row.cid1, code.0, pay_month)).or_default();
        c.rows += sign;
        c.estimate_fee = add(c.estimate_fee, row.estimate_fee.fen(), sign);
        c.actual_fee = add(c.actual_fee, row.actual_fee.fen(), sign);
        if code.is_valid() {
            c.refunded = add(c.refunded, fee(row, row.sku_num).saturating_sub(fee(row, kept)), sign);
            let h = self.hours.entry((row.platform, day, order_hour(row), pay_month)).or_default();
            h.rows += sign;
            h.estimate_fee = add(h.estimate_fee, row.estimate_fee.fen(), sign);
            h.actual_fee = add(h.actual_fee, row.actual_fee.fen(), sign);
        } else if code.is_invalid() {
            c.invalidated = add(c.invalidated, fee(row, kept), sign);
        }
    }

    /// An order gained (`sign` 1) or lost (-1) its last valid row.
    pub(crate) fn count_order(&mut self, (platform, day, hour): (Platform, i64, i64), sign: i64) {
        self.hours.entry((platform, day, hour, 0)).or_default().orders += sign;
    }

    pub(crate) fn apply(&self, tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
        let mut category = tx.prepare_cached(
            "INSERT INTO category_daily (platform, day, cid1, valid_code, pay_month, rows, estimate_fee_fen,
                                         actual_fee_fen, refunded_fen, invalidated_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (day, cid1, valid_code, pay_month, platform) DO UPDATE SET rows = rows + excluded.rows,
                 estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
                 actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen,
                 refunded_fen = refunded_fen + excluded.refunded_fen,
                 invalidated_fen = invalidated_fen + excluded.invalidated_fen",
        )?;
        for (&(platform, day, cid1, code, pay_month), d) in
            self.categories.iter().filter(|(_, d)| **d != CategoryDelta::default())
        {
            category.execute(params![
                platform,
                day,
                cid1,
                code,
                pay_month,
                d.rows,
                d.estimate_fee,
                d.actual_fee,
                d.refunded,
                d.invalidated
            ])?;
        }
        let mut hour = tx.prepare_cached(
            "INSERT INTO hour_daily (platform, day, hour, pay_month, rows, orders, estimate_fee_fen, actual_fee_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (day, hour, pay_month, platform) DO UPDATE SET rows = rows + excluded.rows, orders = orders + excluded.orders,
                 estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
                 actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen",
        )?;
        for (&(platform, day, h, pay_month), d) in self.hours.iter().filter(|(_, d)| **d != HourDelta::default()) {
            hour.execute(params![platform, day, h, pay_month, d.rows, d.orders, d.estimate_fee, d.actual_fee])?;
        }
        Ok(())
    }
}
