//! Tables as Excel and WPS write them (CSV in UTF-8, BOM or GBK; XLSX), every row keeping its line number.

mod decode;
mod xlsx;

pub use decode::{decode, TextEncoding};

use crate::error::Message;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum TableError {
    Encoding { file: String },
    Csv { file: String, line: u64, reason: String },
    Xlsx { file: String, reason: String },
    Empty { file: String },
    Write { file: String, reason: String },
}

impl TableError {
    /// What to tell her, naming the file (and the line, where there is one).
    pub fn message(&self) -> Message {
        match self {
            TableError::Encoding { file } => Message::new("table.encoding").with("file", file),
            TableError::Csv { file, line, reason } => {
                Message::new("table.csv").with("file", file).with("line", line).with("reason", reason)
            }
            TableError::Xlsx { file, reason } => Message::new("table.xlsx").with("file", file).with("reason", reason),
            TableError::Empty { file } => Message::new("table.empty").with("file", file),
            TableError::Write { file, reason } => Message::new("table.write").with("file", file).with("reason", reason),
        }
    }
}

/// One data row, its cells in header order (missing cells are empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// 1-based line (CSV) or row (XLSX) in the file.
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SourceTable {
    /// The file's name as the user knows it, for messages.
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<SourceRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// By extension: `.xlsx` is XLSX, anything else is read as CSV.
    pub fn of(file_name: &str) -> FileFormat {
        let is_xlsx = Path::new(file_name).extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_xlsx {
            FileFormat::Xlsx
        } else {
            FileFormat::Csv
        }
    }
}

pub fn read(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    match FileFormat::of(file_name) {
        FileFormat::Xlsx => xlsx::read(file_name, bytes),
        FileFormat::Csv => read_csv(file_name, bytes),
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    let (text, _) = decode(bytes).ok_or_else(|| TableError::Encoding { file: file_name.to_owned() })?;
    // The csv crate's own line count skips blank lines; counting newlines
    // before a record's first byte gives the line an editor shows.
    let newlines: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    let bytes = text.as_bytes();
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            // A record's position can point at the blank lines before it.
            let mut start = p.byte() as usize;
            while bytes.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
                start += 1;
            }
            newlines.partition_point(|&n| n < start) as u64 + 1
        })
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error| TableError::Csv {
        file: file_name.to_owned(),
        line: line_at(e.position()),
        reason: e.to_string(),
    };
    let headers: Vec<String> = match records.next() {
        Some(header) => header.map_err(csv_error)?.iter().map(|h| h.trim().to_owned()).collect(),
        None => return Err(TableError::Empty { file: file_name.to_owned() }),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = line_at(record.position());
        let mut cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        cells.resize(headers.len().max(cells.len()), String::new());
        rows.push(SourceRow { line, cells });
    }
    Ok(SourceTable { file: file_name.to_owned(), headers, rows })
}

/// CSV in UTF-8 with a BOM: Excel and WPS then open Chinese text correctly.
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, TableError> {
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| TableError::Write { file: "CSV".into(), reason: e.to_string() };
    writer.write_record(headers).map_err(fail)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralize_formula(cell))).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| TableError::Write { file: "CSV".into(), reason: e.to_string() })
}

pub use xlsx::write as write_xlsx;

/// A cell starting with `=`, `+`, `-` or `@` would run as a formula when the
/// file is opened in a spreadsheet; a leading apostrophe keeps it text.
pub(crate) fn neutralize_formula(cell: &str) -> String {
    let numeric = cell.parse::<f64>().is_ok();
    if !numeric && cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom_and_gbk_alike() {
        let text = "姓名,微信号\n王芳,wangfang01\n\n李娜,lina_88\n";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for bytes in [text.as_bytes().to_vec(), with_bom, gbk.into_owned()] {
            let table = read("team.csv", &bytes).unwrap();
            assert_eq!(table.headers, vec!["姓名", "微信号"]);
            assert_eq!(table.rows[0], SourceRow { line: 2, cells: vec!["王芳".into(), "wangfang01".into()] });
            assert_eq!(table.rows[1].line, 4, "blank lines are skipped but counted");
        }
    }

    #[test]
    fn short_rows_are_padded_and_quoted_commas_kept() {
        let table = read("t.csv", "a,b,c\n\"x,1\"\n".as_bytes()).unwrap();
        assert_eq!(table.rows[0].cells, vec!["x,1", "", ""]);
    }

    #[test]
    fn bytes_that_are_neither_utf8_nor_gbk_are_refused_with_the_file_name() {
        let error = read("bad.csv", &[0x81, 0x20, 0xFF, 0xFE]).unwrap_err();
        assert!(error.to_string().starts_with("bad.csv:"), "{error}");
        assert!(matches!(read("empty.csv", b""), Err(TableError::Empty { .. })));
    }

    #[test]
    fn written_csv_opens_in_excel_and_formulas_stay_text() {
        let bytes = write_csv(&["姓名", "备注"], &[vec!["王芳".into(), "=HYPERLINK(\"x\")".into()]]).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let table = read("out.csv", &bytes).unwrap();
        assert_eq!(table.rows[0].cells, vec!["王芳", "'=HYPERLINK(\"x\")"]);
        assert_eq!(neutralize_formula("-12.5"), "-12.5", "numbers are not formulas");
    }
}
