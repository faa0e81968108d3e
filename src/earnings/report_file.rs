//! A report as a table file (CSV with a BOM, or XLSX) for Excel and WPS:
//! one line per row of the report, then the total (or, by status, each
//! block's subtotal).

use super::report::Report;
use super::report_rows::{ReportRow, RowKind};
use crate::files::tabular::{self, xlsx, FileFormat, TableError};
use crate::model::Message;
use crate::model::{Lang, Money};

fn yuan(fen: Money) -> String {
    format!("{:.2}", fen.fen() as f64 / 100.0)
}

pub fn report_file(report: &Report, format: FileFormat, lang: Lang) -> Result<Vec<u8>, TableError> {
    let words: Vec<String> =
        ["report.col.label", "report.col.estimate", "report.col.settled", "report.col.orders", "report.col.team"]
            .iter()
            .map(|key| Message::new(key).render(lang))
            .collect();
    let headers: Vec<&str> = words.iter().map(String::as_str).collect();
    // A report in blocks ends each on its subtotal, and the valid block's is
    // the total; any other ends on the sum of the lines above it, which is the
    // report's total in each figure the lines add up to (by category the count
    // is of order lines, by partner the settled column her partners' actual
    // commission), so a reviewer's own sum always agrees with it.
    let in_blocks = report.rows.iter().any(|row| row.kind == RowKind::Subtotal);
    let total = (!in_blocks).then(|| ReportRow::subtotal(report.total.label.clone(), &report.rows));
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .chain(total.as_ref())
        .map(|row| {
            vec![
                row.label.render(lang),
                yuan(row.estimate_fen),
                yuan(row.settled_fen),
                row.orders.to_string(),
                row.team_estimate_fen.map(yuan).unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        FileFormat::Csv => tabular::write_csv(&headers, &rows),
        FileFormat::Xlsx => xlsx::write(&Message::new("report.sheet").render(lang), &headers, &rows),
    }
}
