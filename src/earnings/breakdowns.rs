//! A report's lines by partner, category, status, hour, weekday and
//! platform, and the range's losses; each read from its rollup
//! (`partner_daily`/`team_daily`, `category_daily`, `hour_daily`,
//! `daily_rollup`, and `partner_platform_daily` for one platform's
//! partners: see `partner_ranking`), never from raw rows. Each is of one
//! platform or of all (`platform` `None`).

use super::categories::{category_message, invalid_message};
use super::partner_ranking;
use super::report_rows::{largest_first, Drill, Label, ReportBy, ReportLosses, ReportRow, REFUNDED};
use crate::model::Message;
use crate::model::{BizDay, Money, Platform, StoredDay, ValidCode};
use chrono::Datelike;
use sqlx::SqlitePool;
use std::collections::{BTreeMap, HashMap};

type Range = (BizDay, BizDay);

/// The partners a report names one by one; the rest share a line.
pub const TOP_PARTNERS: usize = 100;

#[derive(sqlx::FromRow)]
struct Keyed {
    key: i64,
    estimate: Money,
    settled: Money,
    orders: i64,
}

/// The rows behind line `key` of a report `by` over `(from, to)` of `platform`.
fn drill_of(by: ReportBy, key: i64, (from, to): Range, platform: Option<Platform>) -> Option<Drill> {
    Some(Drill { by, key, from, to, platform })
}

fn line(label: Label, drill: Option<Drill>, figures: &Keyed) -> ReportRow {
    let mut row = ReportRow::new(label, drill);
    row.add(figures.estimate, figures.settled, figures.orders);
    row
}

/// Her partners by estimate, then the rest and her own orders. The team
/// column sums `team_daily`, which keeps no platform: one platform's
/// report leaves it out rather than mix the others in.
pub async fn by_partner(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Named {
        id: i64,
        name: String,
        team: Money,
    }
    let (top, all) = partner_ranking::top_partners(pool, platform, range, TOP_PARTNERS).await?;
    let ids = serde_json::Value::from(top.iter().map(|p| p.id).collect::<Vec<_>>()).to_string();
    let named: Vec<Named> = sqlx::query_as(
        "SELECT p.id, p.name, COALESCE((SELECT SUM(t.estimate_fee_fen) FROM team_daily t
                                        WHERE t.ancestor_id = p.id AND t.day BETWEEN ?2 AND ?3), 0) AS team
         FROM partners p WHERE p.id IN (SELECT value FROM json_each(?1))",
    )
    .bind(ids)
    .bind(range.0)
    .bind(range.1)
    .fetch_all(pool)
    .await?;
    let named: HashMap<i64, Named> = named.into_iter().map(|n| (n.id, n)).collect();
    let mut rows: Vec<ReportRow> = top
        .iter()
        .map(|p| {
            let found = named.get(&p.id);
            let label = Label::Named(found.map(|n| n.name.clone()).unwrap_or_default());
            let mut row = ReportRow::new(label, drill_of(ReportBy::Partner, p.id, range, platform));
            row.add(p.estimate, p.actual, p.orders);
            row.team_estimate_fen = platform
                .is_none()
                .then(|| Money::from_fen(p.estimate.fen().saturating_add(found.map_or(0, |n| n.team.fen()))));
            row
        })
        .collect();
    largest_first(&mut rows);
    let named_sum = |f: fn(&partner_ranking::PartnerFigures) -> i64| top.iter().map(f).fold(0_i64, i64::saturating_add);
    let rest = (
        all.estimate.saturating_sub(named_sum(|p| p.estimate.fen())),
        all.actual.saturating_sub(named_sum(|p| p.actual.fen())),
        all.orders.saturating_sub(named_sum(|p| p.orders)),
    );
    if rest != (0, 0, 0) {
        let mut line = ReportRow::new(Label::worded("report.otherPartners"), None);
        line.add(Money::from_fen(rest.0), Money::from_fen(rest.1), rest.2);
        rows.push(line);
    }
    let own = own_orders(pool, platform, range, all).await?;
    if own != (0, 0, 0) {
        let mut line =
            ReportRow::new(Label::worded("report.own"), drill_of(ReportBy::Partner, NO_PARTNER, range, platform));
        line.add(Money::from_fen(own.0), Money::from_fen(own.1), own.2);
        rows.push(line);
    }
    Ok(rows)
}

/// The partner drill key of her own orders: those under no partner.
pub const NO_PARTNER: i64 = 0;

/// Her own orders' estimate, actual commission and orders: every valid
/// order's less the partners'. Both rollups count the same valid rows, and
/// an order under no partner is in `daily_rollup` only, so the difference
/// is hers. Actual commission, as the partners' lines count it (of completed
/// rows, paid yet or not): `partner_daily` keeps no pay month.
async fn own_orders(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    all: partner_ranking::AllPartners,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let whole: partner_ranking::AllPartners = sqlx::query_as(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(actual_fee_fen), 0) AS actual,
                COALESCE(SUM(orders), 0) AS orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)",
    )
    .bind(range.0)
    .bind(range.1)
    .bind(platform)
    .fetch_one(pool)
    .await?;
    Ok((
        whole.estimate.saturating_sub(all.estimate),
        whole.actual.saturating_sub(all.actual),
        whole.orders.saturating_sub(all.orders),
    ))
}

pub async fn by_category(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let lines: Vec<Keyed> = sqlx::query_as(concat!(
        "SELECT cid1 AS key, SUM(estimate_fee_fen) AS estimate,
                SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen ELSE 0 END) AS settled, SUM(rows) AS orders
         FROM category_daily WHERE day BETWEEN ?1 AND ?2 AND (?4 IS NULL OR platform = ?4) AND ",
        crate::model::valid_code_sql!(),
        " GROUP BY cid1"
    ))
    .bind(range.0)
    .bind(range.1)
    .bind(today)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    let mut rows: Vec<ReportRow> = lines
        .iter()
        .map(|c| line(Label::Worded(category_message(c.key)), drill_of(ReportBy::Category, c.key, range, platform), c))
        .collect();
    largest_first(&mut rows);
    Ok(rows)
}

/// The line a status code and pay month fall on: 15 awaiting payment, 16
/// paid (deposits too), 17 completed, 18 settled (its pay month has come),
/// -1 unknown; any other code is its own invalid line.
pub fn status_key(code: ValidCode, pay_month: Option<BizDay>, today: BizDay) -> i64 {
    use crate::model::OrderStatus;
    match code.status(pay_month, today) {
        OrderStatus::Pending => 15,
        OrderStatus::Paid => 16,
        OrderStatus::Completed => 17,
        OrderStatus::Settled => 18,
        OrderStatus::Unknown => -1,
        OrderStatus::Invalid => code.0,
    }
}

pub fn status_message(key: i64) -> Message {
    let status = match key {
        15 => "orderStatus.pending",
        16 => "orderStatus.paid",
        17 => "orderStatus.completed",
        18 => "orderStatus.settled",
        -1 => "orderStatus.unknown",
        code => return invalid_message(code),
    };
    Message::new(status)
}

/// By status, in blocks that each end on their subtotal: the valid lines
/// (paid, completed, settled), whose subtotal is the report's total in
/// estimate and settled; then what was lost, as 钱去哪了 splits it (the
/// commission returned units took, then each reason lines turned invalid,
/// at what they would have earned); then, when there are any, the lines
/// counted nowhere yet (awaiting payment, of no known state), at their
/// estimate. Figures of order lines, not orders: one order's lines can
/// fall in several statuses.
pub async fn by_status(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        valid_code: ValidCode,
        #[sqlx(try_from = "Option<i64>")]
        pay_month: StoredDay,
        rows: i64,
        estimate: i64,
        actual: i64,
        refunded: i64,
        invalidated: i64,
    }
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT valid_code, pay_month, SUM(rows) AS rows, SUM(estimate_fee_fen) AS estimate,
                SUM(actual_fee_fen) AS actual, SUM(refunded_fen) AS refunded, SUM(invalidated_fen) AS invalidated
         FROM category_daily WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)
         GROUP BY valid_code, pay_month",
    )
    .bind(range.0)
    .bind(range.1)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    let drill = |key| drill_of(ReportBy::Status, key, range, platform);
    let mut blocks: [BTreeMap<i64, ReportRow>; 3] = Default::default();
    let mut refunded = ReportRow::new(Label::worded("report.refundedLine"), drill(REFUNDED));
    for s in &stored {
        let key = status_key(s.valid_code, s.pay_month.day, today);
        let (block, estimate, settled) = if s.valid_code.is_valid() {
            // Settled as the total counts it: paid by today.
            let paid = s.pay_month.day.is_some_and(|day| day <= today);
            refunded.add(Money::from_fen(s.refunded), Money::default(), 0);
            (0, s.estimate, if paid { s.actual } else { 0 })
        } else if s.valid_code.is_invalid() {
            (1, s.invalidated, 0)
        } else {
            (2, s.estimate, 0)
        };
        let row =
            blocks[block].entry(key).or_insert_with(|| ReportRow::new(Label::Worded(status_message(key)), drill(key)));
        row.add(Money::from_fen(estimate), Money::from_fen(settled), s.rows);
    }
    let [valid, lost, uncounted] = blocks.map(|lines| {
        let mut rows: Vec<ReportRow> = lines.into_values().collect();
        largest_first(&mut rows);
        rows
    });
    let mut lost_lines = Vec::with_capacity(lost.len() + 1);
    if refunded.estimate_fen != Money::default() {
        lost_lines.push(refunded);
    }
    lost_lines.extend(lost);
    let mut rows = Vec::new();
    // The valid block stands even when empty: its subtotal is the total.
    let blocks = [
        (valid, "report.validSubtotal", true),
        (lost_lines, "report.lostSubtotal", false),
        (uncounted, "report.uncountedSubtotal", false),
    ];
    for (lines, subtotal, always) in blocks {
        if lines.is_empty() && !always {
            continue;
        }
        let sum = ReportRow::subtotal(Label::worded(subtotal), &lines);
        rows.extend(lines);
        rows.push(sum);
    }
    Ok(rows)
}

/// Every hour of the day, 00:00 to 23:00, empty ones included.
pub async fn by_hour(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let hours: Vec<Keyed> = hour_figures(pool, platform, range, today, Per::Hour).await?;
    let hours: BTreeMap<i64, Keyed> = hours.into_iter().map(|h| (h.key, h)).collect();
    Ok((0..24)
        .map(|hour| {
            let label = Label::Named(format!("{hour:02}:00"));
            let mut row = ReportRow::new(label, drill_of(ReportBy::Hour, hour, range, platform));
            if let Some(h) = hours.get(&hour) {
                row.add(h.estimate, h.settled, h.orders);
            }
            row
        })
        .collect())
}

/// Monday to Sunday, empty ones included.
pub async fn by_weekday(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    /// A day's figures; a day this version cannot read is left out.
    #[derive(sqlx::FromRow)]
    struct Dated {
        #[sqlx(try_from = "Option<i64>")]
        key: StoredDay,
        estimate: Money,
        settled: Money,
        orders: i64,
    }
    let days: Vec<Dated> = hour_figures(pool, platform, range, today, Per::Day).await?;
    let mut rows: Vec<ReportRow> = (0..7)
        .map(|weekday| {
            let label = Label::worded(&format!("weekday.{}", weekday + 1));
            ReportRow::new(label, drill_of(ReportBy::Weekday, weekday, range, platform))
        })
        .collect();
    for d in &days {
        if let Some(row) = d.key.day.and_then(|day| rows.get_mut(day.date().weekday().num_days_from_monday() as usize))
        {
            row.add(d.estimate, d.settled, d.orders);
        }
    }
    Ok(rows)
}

/// One line per platform in the report's scope (all three, or the one it
/// is of), in `Platform::ALL`'s order, empty ones included: they add up to
/// the report's total. Each line's rows are its platform's.
pub async fn by_platform(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    /// The three platforms' sums side by side, in `Platform::ALL`'s order:
    /// one pass over the range in key order, where grouping by platform
    /// sorted every rollup row of the range first.
    #[derive(sqlx::FromRow)]
    struct Sums {
        jd_estimate: Money,
        jd_settled: Money,
        jd_orders: i64,
        pdd_estimate: Money,
        pdd_settled: Money,
        pdd_orders: i64,
        taobao_estimate: Money,
        taobao_settled: Money,
        taobao_orders: i64,
    }
    let sums: Sums = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN platform = 'jd' THEN estimate_fee_fen END), 0) AS jd_estimate,
                COALESCE(SUM(CASE WHEN platform = 'jd' AND pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END), 0) AS jd_settled,
                COALESCE(SUM(CASE WHEN platform = 'jd' THEN orders END), 0) AS jd_orders,
                COALESCE(SUM(CASE WHEN platform = 'pdd' THEN estimate_fee_fen END), 0) AS pdd_estimate,
                COALESCE(SUM(CASE WHEN platform = 'pdd' AND pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END), 0) AS pdd_settled,
                COALESCE(SUM(CASE WHEN platform = 'pdd' THEN orders END), 0) AS pdd_orders,
                COALESCE(SUM(CASE WHEN platform = 'taobao' THEN estimate_fee_fen END), 0) AS taobao_estimate,
                COALESCE(SUM(CASE WHEN platform = 'taobao' AND pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END), 0)
                    AS taobao_settled,
                COALESCE(SUM(CASE WHEN platform = 'taobao' THEN orders END), 0) AS taobao_orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?4 IS NULL OR platform = ?4)",
    )
    .bind(range.0)
    .bind(range.1)
    .bind(today)
    .bind(platform)
    .fetch_one(pool)
    .await?;
    Ok(Platform::ALL
        .into_iter()
        .filter(|each| platform.is_none_or(|only| only == *each))
        .map(|each| {
            let mut row = ReportRow::new(
                Label::Worded(platform_message(each)),
                drill_of(ReportBy::Platform, 0, range, Some(each)),
            );
            match each {
                Platform::Jd => row.add(sums.jd_estimate, sums.jd_settled, sums.jd_orders),
                Platform::Pdd => row.add(sums.pdd_estimate, sums.pdd_settled, sums.pdd_orders),
                Platform::Taobao => row.add(sums.taobao_estimate, sums.taobao_settled, sums.taobao_orders),
            }
            row
        })
        .collect())
}

/// "京东联盟", "多多进宝", "淘宝联盟".
pub fn platform_message(platform: Platform) -> Message {
    Message::new(&format!("platform.{}", platform.as_str()))
}

#[derive(Clone, Copy)]
enum Per {
    Hour,
    Day,
}

/// `hour_daily` summed per hour of the day or per day, each line read as `T`.
async fn hour_figures<T>(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    today: BizDay,
    per: Per,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    // `column` is one of two constants.
    sqlx::query_as(sqlx::AssertSqlSafe(hour_figures_sql(per)))
        .bind(range.0)
        .bind(range.1)
        .bind(today)
        .bind(platform)
        .fetch_all(pool)
        .await
}

/// Every SQL text the breakdowns build at run time, for the prepare test.
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    vec![hour_figures_sql(Per::Hour), hour_figures_sql(Per::Day)]
}

fn hour_figures_sql(per: Per) -> String {
    let column = match per {
        Per::Hour => "hour",
        Per::Day => "day",
    };
    format!(
        "SELECT {column} AS key, SUM(estimate_fee_fen) AS estimate,
                SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen ELSE 0 END) AS settled,
                SUM(orders) AS orders
         FROM hour_daily WHERE day BETWEEN ?1 AND ?2 AND (?4 IS NULL OR platform = ?4) GROUP BY {column}"
    )
}

pub async fn losses(pool: &SqlitePool, platform: Option<Platform>, range: Range) -> Result<ReportLosses, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT COALESCE(SUM(rows), 0) AS rows, COALESCE(SUM(CASE WHEN ",
        crate::model::valid_code_sql!(),
        " THEN rows ELSE 0 END), 0) AS valid_rows, COALESCE(SUM(refunded_fen), 0) AS refunded_fen,
                COALESCE(SUM(invalidated_fen), 0) AS invalidated_fen
         FROM category_daily WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)"
    ))
    .bind(range.0)
    .bind(range.1)
    .bind(platform)
    .fetch_one(pool)
    .await
}

/// Estimated commission per weekday (0 = Monday) and hour of the day.
pub async fn hour_weekday_grid(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
) -> Result<[[i64; 24]; 7], sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Cell {
        day: BizDay,
        hour: i64,
        fen: i64,
    }
    let cells: Vec<Cell> = sqlx::query_as(
        "SELECT day, hour, SUM(estimate_fee_fen) AS fen FROM hour_daily
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3) GROUP BY day, hour",
    )
    .bind(range.0)
    .bind(range.1)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    let mut grid = [[0_i64; 24]; 7];
    for Cell { day, hour, fen } in cells {
        let weekday = day.date().weekday().num_days_from_monday() as usize;
        if let Some(cell) = grid.get_mut(weekday).and_then(|row| row.get_mut(hour as usize)) {
            *cell = cell.saturating_add(fen);
        }
    }
    Ok(grid)
}
