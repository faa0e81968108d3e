//! XLSX: the first worksheet read as a table, and a one-sheet workbook
//! written from one. An XLSX is a ZIP of XML: before anything is parsed,
//! the archive is measured (entries, sizes, compression ratio), and the
//! sheet is read cell by cell, never as the dense range its far corner
//! would claim.

use super::{SourceRow, SourceTable, TableError};
use crate::model::Message;
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// What an XLSX may hold at most; past any, the file is refused naming it.
pub mod limits {
    /// Files in the archive: a workbook of one sheet has about a dozen.
    pub const MAX_ENTRIES: usize = 500;
    /// One file once uncompressed (the sheet's XML, the shared strings).
    pub const MAX_ENTRY_BYTES: u64 = 50 * 1024 * 1024;
    /// All files once uncompressed.
    pub const MAX_TOTAL_BYTES: u64 = 100 * 1024 * 1024;
    /// Uncompressed to compressed, for entries over a megabyte: XML packs
    /// about 10:1; a ZIP bomb packs thousands to one.
    pub const MAX_RATIO: u64 = 200;
    pub const MAX_ROWS: u32 = 200_000;
    pub const MAX_COLUMNS: u32 = 64;
}

use limits::*;

const MIB: u64 = 1024 * 1024;

pub fn read(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    let fail = |reason: String| TableError::Xlsx { file: file_name.to_owned(), reason };
    let cap = |cap: Message| TableError::XlsxCap { file: file_name.to_owned(), cap };
    check_archive(bytes).map_err(|problem| match problem {
        ArchiveProblem::Cap(message) => cap(message),
        ArchiveProblem::Unreadable(reason) => fail(reason),
    })?;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| fail(e.to_string()))?;
    let sheet = workbook.sheet_names().first().cloned().ok_or_else(|| fail("no worksheet".into()))?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|e| fail(e.to_string()))?;
    let claimed = cells.dimensions();
    let (rows_claimed, columns_claimed) =
        (claimed.end.0.saturating_sub(claimed.start.0) + 1, claimed.end.1.saturating_sub(claimed.start.1) + 1);
    if rows_claimed > MAX_ROWS || columns_claimed > MAX_COLUMNS {
        return Err(cap(sheet_too_big(rows_claimed, columns_claimed)));
    }
    // Sparse: only cells that hold something take memory.
    let mut by_row: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|e| fail(e.to_string()))? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(cap(sheet_too_big(row.saturating_add(1), column.saturating_add(1))));
        }
        by_row.entry(row).or_default().insert(column, text);
    }
    let first_column = by_row.values().filter_map(|cells| cells.keys().next().copied()).min().unwrap_or(0);
    let mut rows = by_row.into_iter().map(|(row, cells)| {
        let width = cells.keys().next_back().map_or(0, |last| (last - first_column + 1) as usize);
        let mut line = vec![String::new(); width];
        for (column, text) in cells {
            line[(column - first_column) as usize] = text;
        }
        (row, line)
    });
    let headers = match rows.next() {
        Some((_, header)) => header,
        None => return Err(TableError::Empty { file: file_name.to_owned() }),
    };
    let rows = rows
        .map(|(row, mut cells)| {
            cells.resize(headers.len().max(cells.len()), String::new());
            SourceRow { line: u64::from(row) + 1, cells, broken: false }
        })
        .collect();
    Ok(SourceTable { file: file_name.to_owned(), headers, rows, encoding: None })
}

fn sheet_too_big(rows: u32, columns: u32) -> Message {
    Message::new("table.xlsxCap.sheet")
        .with("rows", rows)
        .with("columns", columns)
        .with("max_rows", MAX_ROWS)
        .with("max_columns", MAX_COLUMNS)
}

enum ArchiveProblem {
    Cap(Message),
    Unreadable(String),
}

/// Measures the archive before any of it is parsed: the sizes its entries
/// declare, then (declarations can lie) the bytes each really inflates to,
/// read no further than its cap.
fn check_archive(bytes: &[u8]) -> Result<(), ArchiveProblem> {
    let unreadable = |e: zip::result::ZipError| ArchiveProblem::Unreadable(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(ArchiveProblem::Cap(
            Message::new("table.xlsxCap.entries").with("found", archive.len()).with("max", MAX_ENTRIES),
        ));
    }
    let entry_cap = |name: &str| {
        ArchiveProblem::Cap(
            Message::new("table.xlsxCap.entry").with("entry", name).with("max_mib", MAX_ENTRY_BYTES / MIB),
        )
    };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(unreadable)?;
        let name: String = entry.name().map(|n| n.chars().take(100).collect()).unwrap_or_default();
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(entry_cap(&name));
        }
        if entry.size() > MIB && entry.size() / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(ArchiveProblem::Cap(
                Message::new("table.xlsxCap.ratio").with("entry", &name).with("max", MAX_RATIO),
            ));
        }
        let inflated = std::io::copy(&mut (&mut entry).take(MAX_ENTRY_BYTES + 1), &mut std::io::sink())
            .map_err(|e| ArchiveProblem::Unreadable(format!("{name}: {e}")))?;
        if inflated > MAX_ENTRY_BYTES {
            return Err(entry_cap(&name));
        }
        total += inflated;
        if total > MAX_TOTAL_BYTES {
            return Err(ArchiveProblem::Cap(
                Message::new("table.xlsxCap.total").with("max_mib", MAX_TOTAL_BYTES / MIB),
            ));
        }
    }
    Ok(())
}

/// Excel counts days from 1899-12-30 (the 1900 date system). A serial
/// outside 0001–9999 is no date she typed: it reads as its number.
fn excel_day(serial: f64) -> Option<String> {
    const LAST_SERIAL: f64 = 2_958_465.0; // 9999-12-31
    if !serial.is_finite() || !(-693_593.0..=LAST_SERIAL).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::TimeDelta::try_days(serial.floor() as i64)?)?;
    Some(day.format("%Y-%m-%d").to_string())
}

/// A cell as Excel shows it. Strings are kept exactly (an XLSX string
/// cell never runs as a formula, so no guard is added or taken off).
fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Phone numbers and ids typed as numbers come back as floats.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => excel_day(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
    }
}

pub fn write(sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, TableError> {
    let fail =
        |e: rust_xlsxwriter::XlsxError| TableError::Write { file: format!("{sheet}.xlsx"), reason: e.to_string() };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).map_err(fail)?;
    for (col, header) in headers.iter().enumerate() {
        worksheet.write_string(0, col as u16, *header).map_err(fail)?;
    }
    for (index, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            // Written as text: phone numbers and ids must not lose digits,
            // and a string cell never runs as a formula.
            worksheet.write_string(index as u32 + 1, col as u16, cell).map_err(fail)?;
        }
    }
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_written_workbook_reads_back_with_row_numbers() {
        let bytes = write(
            "团队",
            &["姓名", "手机"],
            &[vec!["王芳".into(), "13800138000".into()], vec!["李娜".into(), String::new()]],
        )
        .unwrap();
        let table = read("team.xlsx", &bytes).unwrap();
        assert_eq!(table.headers, vec!["姓名", "手机"]);
        assert_eq!(
            table.rows[0],
            SourceRow { line: 2, cells: vec!["王芳".into(), "13800138000".into()], broken: false }
        );
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn string_cells_come_back_exactly_as_written() {
        let cells = vec!["@小美".to_owned(), "\t小美".to_owned(), "=1+1".to_owned(), "'quoted".to_owned()];
        let bytes = write("t", &["a", "b", "c", "d"], std::slice::from_ref(&cells)).unwrap();
        assert_eq!(read("t.xlsx", &bytes).unwrap().rows[0].cells, cells);
    }

    #[test]
    fn numbers_and_dates_read_as_excel_shows_them() {
        assert_eq!(cell_text(&DataRef::Float(13800138000.0)), "13800138000");
        assert_eq!(excel_day(45000.0).as_deref(), Some("2023-03-15"));
        assert!(matches!(read("x.xlsx", b"not a zip"), Err(TableError::Xlsx { .. })));
    }

    #[test]
    fn absurd_date_serials_read_as_numbers_and_never_panic() {
        for serial in [1e300, -1e300, f64::NAN, f64::INFINITY, 2_958_466.0, 9.2e18] {
            assert_eq!(excel_day(serial), None, "{serial}");
        }
    }

    /// A workbook whose parts are written by hand, for the shapes no
    /// spreadsheet program writes.
    fn workbook_with_sheet(sheet_xml: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ];
        for (name, body) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn sheet(cells: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#
        )
    }

    #[test]
    fn a_cell_at_the_far_corner_is_refused_without_allocating_the_range() {
        let bytes = workbook_with_sheet(&sheet(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ));
        assert!(bytes.len() < 4096, "a small file: {}", bytes.len());
        let error = read("far.xlsx", &bytes).unwrap_err();
        assert!(matches!(&error, TableError::XlsxCap { cap, .. } if cap.key == "table.xlsxCap.sheet"), "{error:?}");
        assert!(error.to_string().contains("far.xlsx") && error.to_string().contains("200000"), "{error}");
    }

    #[test]
    fn a_claimed_dimension_past_the_caps_is_refused() {
        let xml = sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"#)
            .replace("<sheetData>", r#"<dimension ref="A1:XFD1048576"/><sheetData>"#);
        assert!(matches!(read("claims.xlsx", &workbook_with_sheet(&xml)), Err(TableError::XlsxCap { .. })));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_inflated_into_memory() {
        let padding = " ".repeat(60 * 1024 * 1024);
        let bomb = sheet(&format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名{padding}</t></is></c></row>"#));
        let bytes = workbook_with_sheet(&bomb);
        assert!(bytes.len() < 1024 * 1024, "it packs small: {}", bytes.len());
        let error = read("bomb.xlsx", &bytes).unwrap_err();
        assert!(matches!(&error, TableError::XlsxCap { .. }), "{error:?}");
    }

    #[test]
    fn an_absurd_date_serial_in_a_sheet_reads_as_a_number() {
        let xml = sheet(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c></row><row r="2"><c r="A2" t="d"><v>99999999999999999999</v></c></row>"#,
        );
        let table = read("dates.xlsx", &workbook_with_sheet(&xml)).expect("read, not panicked");
        assert_eq!(table.rows.len(), 1);
    }
}
