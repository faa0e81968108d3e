//! Every breakdown adds up to its total, to the fen, over several ranges:
//! in the engine's report, in the file it exports (CSV and XLSX) and in the
//! command line's JSON.
//!
//! Which figures add up, and why:
//! - by day, week, month, group, hour and weekday: estimate, settled and
//!   orders (an order falls on one day, group and hour);
//! - by partner: estimate and orders, her own orders (under no partner) on
//!   their own line. The settled column is each partner's actual commission
//!   of completed rows, paid yet or not (`partner_daily` keeps no pay month),
//!   so it adds up to that, not to the total's settled;
//! - by category and status: estimate and settled; the count is order lines,
//!   which add up to the valid lines, not to distinct orders (one order's
//!   lines can fall in several categories or statuses);
//! - by status, in blocks each ending on its subtotal: the valid block's is
//!   the total, the lost block's what 钱去哪了 counts lost (refunds and
//!   invalidation).

mod common;

use common::{config, World};
use tuanzhang::earnings::breakdowns::NO_PARTNER;
use tuanzhang::earnings::report::{report, Report};
use tuanzhang::earnings::report_file::report_file;
use tuanzhang::earnings::report_rows::{Drill, ReportBy, ReportRow, RowKind, REFUNDED};
use tuanzhang::earnings::rows_behind;
use tuanzhang::files::tabular::{self, FileFormat};
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::{BizDay, BizMonth, Lang, ValidCode};

/// (estimate, settled, orders) in fen and counts.
type Figures = (i64, i64, i64);

fn figures(row: &ReportRow) -> Figures {
    (row.estimate_fen.fen(), row.settled_fen.fen(), row.orders)
}

fn add(a: Figures, b: Figures) -> Figures {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2)
}

/// A day, a week, a month, a quarter, last month and a stretch before the first order.
fn ranges(today: BizDay) -> Vec<(BizDay, BizDay)> {
    let last_month = BizMonth::of(today).previous();
    vec![
        (today, today),
        (today.add_days(-6), today),
        (today.add_days(-29), today),
        (today.add_days(-89), today),
        (last_month.first_day(), last_month.last_day()),
        (today.add_days(-2000), today.add_days(-1900)),
    ]
}

/// Each block of lines with the subtotal it ends on (`None` for a table of
/// lines alone).
fn blocks<T: Copy>(rows: &[(RowKind, T)]) -> Vec<(Vec<T>, Option<T>)> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for &(kind, figures) in rows {
        match kind {
            RowKind::Line => lines.push(figures),
            RowKind::Subtotal => out.push((std::mem::take(&mut lines), Some(figures))),
        }
    }
    if !lines.is_empty() || out.is_empty() {
        out.push((lines, None));
    }
    out
}

/// The sums `rows` must hold against the report's total, whatever they were read from.
fn assert_adds_up(found: &Report, rows: &[(RowKind, Figures)], valid_rows: i64, what: &str) {
    let total = figures(&found.total);
    let blocks = blocks(rows);
    for (lines, subtotal) in &blocks {
        if let Some(subtotal) = subtotal {
            assert_eq!(lines.iter().copied().fold((0, 0, 0), add), *subtotal, "{what}: a block's subtotal");
        }
    }
    let sum = |lines: &[Figures]| lines.iter().copied().fold((0, 0, 0), add);
    match found.by {
        ReportBy::Status => {
            assert_eq!(blocks.iter().filter(|b| b.1.is_none()).count(), 0, "{what}: every block has its subtotal");
            let (valid, lost) = (sum(&blocks[0].0), blocks.get(1).map_or((0, 0, 0), |b| sum(&b.0)));
            assert_eq!((valid.0, valid.1, valid.2), (total.0, total.1, valid_rows), "{what}: the valid block");
            let lost_fen = found.losses.refunded_fen.fen() + found.losses.invalidated_fen.fen();
            assert_eq!((lost.0, lost.1), (lost_fen, 0), "{what}: the lost block");
        }
        by => {
            assert_eq!(blocks.len(), 1, "{what}: lines alone");
            let lines = sum(&blocks[0].0);
            match by {
                ReportBy::Partner => assert_eq!((lines.0, lines.2), (total.0, total.2), "{what}"),
                ReportBy::Category => assert_eq!(lines, (total.0, total.1, valid_rows), "{what}"),
                _ => assert_eq!(lines, total, "{what}"),
            }
        }
    }
}

/// Pages through the lines behind `drill`: how many, and their amounts summed.
async fn behind(world: &World, drill: Drill, today: BizDay) -> (i64, i64) {
    let (mut offset, mut sum) = (0_u32, 0_i64);
    loop {
        let page = PageRequest { offset, limit: 200 };
        let found = rows_behind::report_lines(world.store.pool(), drill, today, page).await.unwrap();
        sum += found.items.iter().map(|r| r.amount_fen.fen()).sum::<i64>();
        offset += found.items.len() as u32;
        if found.items.is_empty() || i64::from(offset) >= found.total {
            return (found.total, sum);
        }
    }
}

/// The report's own lines, and the extra lines by partner and status open the rows behind them.
async fn assert_engine(world: &World, found: &Report, today: BizDay) {
    let what = format!("{:?} {}..{}", found.by, found.from, found.to);
    let rows: Vec<(RowKind, Figures)> = found.rows.iter().map(|r| (r.kind, figures(r))).collect();
    assert_adds_up(found, &rows, found.losses.valid_rows, &what);
    if found.by == ReportBy::Partner {
        // The partners' settled column adds up to the actual commission of every valid line.
        let actual: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COALESCE(SUM(actual_fee_fen), 0) FROM order_rows WHERE order_day BETWEEN ?1 AND ?2 AND {}",
            ValidCode::VALID_SQL
        )))
        .bind(found.from)
        .bind(found.to)
        .fetch_one(world.store.pool())
        .await
        .unwrap();
        assert_eq!(rows.iter().map(|r| r.1 .1).sum::<i64>(), actual, "{what}: settled by partner");
    }
    for row in &found.rows {
        let Some(drill) = row.drill else { continue };
        let own = drill.by == ReportBy::Partner && drill.key == NO_PARTNER;
        let refunded = drill.by == ReportBy::Status && drill.key == REFUNDED;
        if own || refunded {
            let (count, sum) = behind(world, drill, today).await;
            assert!(count > 0, "{what}: {:?} opens its lines", row.label);
            assert_eq!(sum, row.estimate_fen.fen(), "{what}: {:?} is the sum of its lines", row.label);
        }
    }
}

/// `fen` from a file's `12.34` (a negative one may carry the apostrophe that keeps it text).
fn fen(cell: &str) -> i64 {
    let cell = cell.trim_start_matches('\'');
    let (yuan, cents) = cell.split_once('.').expect("yuan.fen");
    let magnitude = yuan.trim_start_matches('-').parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap();
    if cell.starts_with('-') {
        -magnitude
    } else {
        magnitude
    }
}

/// The exported file: each line, then a total row equal to the lines above
/// it, and the report's total in each figure that adds up (by status, each
/// block's subtotal after its lines).
fn assert_file(found: &Report, format: FileFormat, name: &str) {
    let what = format!("{name} {:?} {}..{}", found.by, found.from, found.to);
    let bytes = report_file(found, format, Lang::Zh).unwrap();
    let table = tabular::read(name, &bytes).unwrap();
    let read: Vec<Figures> =
        table.rows.iter().map(|row| (fen(&row.cells[1]), fen(&row.cells[2]), row.cells[3].parse().unwrap())).collect();
    let total_word = tuanzhang::model::Message::new("report.total").render(Lang::Zh);
    let mut kinds: Vec<RowKind> = found.rows.iter().map(|r| r.kind).collect();
    if !kinds.contains(&RowKind::Subtotal) {
        assert_eq!(table.rows.last().map(|r| r.cells[0].as_str()), Some(total_word.as_str()), "{what}");
        kinds.push(RowKind::Subtotal);
    }
    assert_eq!(read.len(), kinds.len(), "{what}: one row a line");
    let rows: Vec<(RowKind, Figures)> = kinds.into_iter().zip(read).collect();
    assert_adds_up(found, &rows[..], found.losses.valid_rows, &what);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_breakdown_adds_up_to_its_total_in_the_engine_and_its_files() {
    let world = World::new(config(61, 120, common::NOW)).await;
    world.sync().await.expect("backfill");
    let today = BizDay::of(common::NOW);
    let mut own_seen = false;
    for range in ranges(today) {
        for by in ReportBy::ALL {
            let found = report(world.store.pool(), None, range, by, today).await.unwrap();
            assert_engine(&world, &found, today).await;
            assert_file(&found, FileFormat::Csv, "report.csv");
            assert_file(&found, FileFormat::Xlsx, "report.xlsx");
            own_seen |= found.rows.iter().any(|r| r.drill.is_some_and(|d| by == ReportBy::Partner && d.key == 0));
        }
    }
    assert!(own_seen, "the sandbox has orders under no partner");
}

/// The command line's JSON: the same lines, their kinds, and the same sums.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_lines_json_adds_up_to_its_total() {
    let world = World::new(config(67, 60, common::NOW)).await;
    world.sync().await.expect("backfill");
    let today = BizDay::of(common::NOW);
    for (from, to) in ranges(today).into_iter().take(5) {
        for by in ReportBy::ALL {
            let name = serde_json::to_value(by).unwrap();
            let (from_text, to_text) = (from.to_string(), to.to_string());
            let args = ["report", "--from", &from_text, "--to", &to_text, "--by", name.as_str().unwrap(), "--json"];
            let (out, err, ok) = common::cli(world.dir(), &args);
            assert!(ok, "{err}");
            let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
            let number = |v: &serde_json::Value, key: &str| v[key].as_i64().expect(key);
            let figures_of =
                |v: &serde_json::Value| (number(v, "estimate_fen"), number(v, "settled_fen"), number(v, "orders"));
            let rows: Vec<(RowKind, Figures)> = json["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|row| {
                    let kind = if row["kind"] == "subtotal" { RowKind::Subtotal } else { RowKind::Line };
                    (kind, figures_of(row))
                })
                .collect();
            // The command line's day is the machine's: only the file's own sums are compared.
            let mut found = report(world.store.pool(), None, (from, to), by, today).await.unwrap();
            let (estimate, settled, orders) = figures_of(&json["total"]);
            found.total.estimate_fen = tuanzhang::model::Money::from_fen(estimate);
            found.total.settled_fen = tuanzhang::model::Money::from_fen(settled);
            found.total.orders = orders;
            found.losses.refunded_fen = tuanzhang::model::Money::from_fen(number(&json["losses"], "refunded_fen"));
            found.losses.invalidated_fen =
                tuanzhang::model::Money::from_fen(number(&json["losses"], "invalidated_fen"));
            let valid_rows = number(&json["losses"], "valid_rows");
            assert_adds_up(&found, &rows, valid_rows, &format!("CLI {name} {from}..{to}"));
        }
    }
}
