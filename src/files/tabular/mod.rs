//! Tables as Excel and WPS write them (CSV in UTF-8, BOM, GB18030 or Big5;
//! XLSX), every row keeping its line number. Files are hostile until read:
//! their size, and an XLSX's archive and sheet, are bounded first.

mod decode;
pub mod xlsx;

pub use decode::{decode, Decoded, TextEncoding, Undecodable};
pub use xlsx::limits as xlsx_limits;

/// The largest file an import reads; a team or group list is far smaller.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

use crate::error::{AppError, ErrorCode};
use crate::model::Message;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum TableError {
    Encoding {
        file: String,
    },
    Utf16 {
        file: String,
    },
    TooLarge {
        file: String,
        limit_mib: usize,
    },
    /// Past one of the XLSX caps (`xlsx_limits`): which, and what was found.
    XlsxCap {
        file: String,
        cap: Message,
    },
    Csv {
        file: String,
        line: u64,
        reason: String,
    },
    Xlsx {
        file: String,
        reason: String,
    },
    Empty {
        file: String,
    },
    Write {
        file: String,
        reason: String,
    },
}

impl TableError {
    /// What to tell her, naming the file (and the line, where there is one).
    pub fn message(&self) -> Message {
        match self {
            TableError::Encoding { file } => Message::new("table.encoding").with("file", file),
            TableError::Utf16 { file } => Message::new("table.utf16").with("file", file),
            TableError::TooLarge { file, limit_mib } => {
                Message::new("table.tooLarge").with("file", file).with("limit", limit_mib)
            }
            TableError::XlsxCap { file, cap } => cap.clone().with("file", file),
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
    /// The line held bytes that were not text in the file's encoding.
    pub broken: bool,
}

#[derive(Debug, Clone)]
pub struct SourceTable {
    /// The file's name as the user knows it, for messages.
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<SourceRow>,
    /// What a CSV was read as (none for XLSX), for the preview to say.
    pub encoding: Option<TextEncoding>,
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

/// Refuses a file over `MAX_FILE_BYTES` before reading a byte of it.
pub fn check_size(file_name: &str, length: u64) -> Result<(), TableError> {
    if length > MAX_FILE_BYTES as u64 {
        return Err(TableError::TooLarge { file: file_name.to_owned(), limit_mib: MAX_FILE_BYTES / (1024 * 1024) });
    }
    Ok(())
}

pub fn read(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    check_size(file_name, bytes.len() as u64)?;
    match FileFormat::of(file_name) {
        FileFormat::Xlsx => xlsx::read(file_name, bytes),
        FileFormat::Csv => read_csv(file_name, bytes),
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    let Decoded { text, encoding, broken_lines } = decode(bytes).map_err(|why| match why {
        Undecodable::Utf16 => TableError::Utf16 { file: file_name.to_owned() },
        Undecodable::Unknown => TableError::Encoding { file: file_name.to_owned() },
    })?;
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
        Some(header) => header.map_err(csv_error)?.iter().map(cell_text).collect(),
        None => return Err(TableError::Empty { file: file_name.to_owned() }),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = line_at(record.position());
        let mut cells: Vec<String> = record.iter().map(cell_text).collect();
        cells.resize(headers.len().max(cells.len()), String::new());
        // A quoted cell can span lines: any broken line inside the record counts.
        let last_line = line + record.iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
        let broken = broken_lines.iter().any(|l| (line..=last_line).contains(l));
        rows.push(SourceRow { line, cells, broken });
    }
    Ok(SourceTable { file: file_name.to_owned(), headers, rows, encoding: Some(encoding) })
}

/// A cell as typed: the export's guard taken off (and then kept exactly, so
/// a tab-led or "@" cell comes back as it went out), else trimmed.
fn cell_text(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if is_guarded_form(rest) => rest.to_owned(),
        _ => cell.trim().to_owned(),
    }
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

/// A CSV cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// would run as a formula when the file is opened in a spreadsheet; a
/// leading apostrophe keeps it text. A cell that already starts with an
/// apostrophe before one of those gets another, so reading the file back
/// (`cell_text`) takes exactly one off and returns the text unchanged.
/// XLSX cells are written as strings and never run: they are left alone.
pub(crate) fn neutralize_formula(cell: &str) -> String {
    if is_guarded_form(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn is_guarded_form(cell: &str) -> bool {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    formula || cell.strip_prefix('\'').is_some_and(is_guarded_form)
}

impl From<TableError> for AppError {
    fn from(error: TableError) -> AppError {
        AppError::new(ErrorCode::Validation, error.message())
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
            assert_eq!(table.rows[0].cells, vec!["王芳", "wangfang01"]);
            assert_eq!(table.rows[0].line, 2);
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
        assert_eq!(table.rows[0].cells, vec!["王芳", "=HYPERLINK(\"x\")"], "read back as it went out");
        assert!(String::from_utf8_lossy(&bytes).contains("'=HYPERLINK"), "but written as text");
        assert_eq!(neutralize_formula("-12.5"), "-12.5", "numbers are not formulas");
    }

    #[test]
    fn every_formula_start_is_guarded_and_comes_back_exactly() {
        let cells =
            ["@小美", "\t小美", "\r注意", "+86 138", "=1+1", "-x", "'=already", "''@two", "'plain", "普通", "-3"];
        let rows = vec![cells.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
        let headers: Vec<String> = (0..cells.len()).map(|i| format!("c{i}")).collect();
        let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let bytes = write_csv(&header_refs, &rows).unwrap();
        let written = String::from_utf8_lossy(&bytes).into_owned();
        for guarded in ["'@小美", "'\t小美", "'\r注意", "'+86 138", "'=1+1", "'-x", "''=already", "'''@two"] {
            assert!(written.contains(guarded), "{guarded:?} in {written:?}");
        }
        assert!(written.contains(",'plain,") && written.contains(",-3"), "{written:?}");
        let table = read("round.csv", &bytes).unwrap();
        assert_eq!(table.rows[0].cells, cells, "the same text after export and import");
    }

    #[test]
    fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
        let error = check_size("huge.csv", MAX_FILE_BYTES as u64 + 1).unwrap_err();
        assert!(error.to_string().contains("huge.csv") && error.to_string().contains("20"), "{error}");
        assert!(matches!(read("huge.csv", &vec![b'a'; MAX_FILE_BYTES + 1]), Err(TableError::TooLarge { .. })));
    }

    #[test]
    fn a_mostly_utf8_file_keeps_its_names_and_marks_the_broken_line() {
        let mut bytes = "姓名,微信号\n王芳,wangfang01\n李娜,lina_88\n".as_bytes().to_vec();
        let at = bytes.len() - 4;
        bytes.insert(at, 0xC3);
        let table = read("team.csv", &bytes).unwrap();
        assert_eq!(table.encoding, Some(TextEncoding::Utf8));
        assert_eq!(table.rows[0].cells, vec!["王芳", "wangfang01"]);
        assert!(!table.rows[0].broken && table.rows[1].broken, "{:?}", table.rows);
    }
}
