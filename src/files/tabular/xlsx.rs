//! XLSX: the first worksheet read as a table, and a one-sheet workbook
//! written from one.

use super::{neutralize_formula, SourceRow, SourceTable, TableError};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Excel counts days from 1899-12-30 (the 1900 date system).
fn excel_day(serial: f64) -> Option<String> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64))?;
    Some(day.format("%Y-%m-%d").to_string())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        // Phone numbers and ids typed as numbers come back as floats.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_day(d.as_f64()).unwrap_or_default(),
    }
}

pub fn read(file_name: &str, bytes: &[u8]) -> Result<SourceTable, TableError> {
    let fail = |reason: String| TableError::Xlsx { file: file_name.to_owned(), reason };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| fail(e.to_string()))?;
    let range =
        workbook.worksheet_range_at(0).ok_or_else(|| fail("no worksheet".into()))?.map_err(|e| fail(e.to_string()))?;
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row)) + 1;
    let mut rows = range.rows().enumerate();
    let headers: Vec<String> = match rows.next() {
        Some((_, header)) => header.iter().map(cell_text).collect(),
        None => return Err(TableError::Empty { file: file_name.to_owned() }),
    };
    let rows = rows
        .map(|(index, cells)| SourceRow {
            line: first_row + index as u64,
            cells: cells.iter().map(cell_text).collect(),
        })
        .filter(|row| row.cells.iter().any(|c| !c.is_empty()))
        .map(|mut row| {
            row.cells.resize(headers.len().max(row.cells.len()), String::new());
            row
        })
        .collect();
    Ok(SourceTable { file: file_name.to_owned(), headers, rows })
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
            // Written as text: phone numbers and ids must not lose digits.
            worksheet.write_string(index as u32 + 1, col as u16, neutralize_formula(cell)).map_err(fail)?;
        }
    }
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(table.rows[0], SourceRow { line: 2, cells: vec!["王芳".into(), "13800138000".into()] });
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn numbers_and_dates_read_as_excel_shows_them() {
        assert_eq!(cell_text(&Data::Float(13800138000.0)), "13800138000");
        assert_eq!(excel_day(45000.0).as_deref(), Some("2023-03-15"));
        assert!(matches!(read("x.xlsx", b"not a zip"), Err(TableError::Xlsx { .. })));
    }
}
