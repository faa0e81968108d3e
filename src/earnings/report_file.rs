//! A report as a table file (CSV with a BOM, or XLSX) for Excel and WPS:
//! one line per row of the report, then the total.

use super::report::Report;
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
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .chain(std::iter::once(&report.total))
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
