//! The accountant's book of one month: every partner's statement, every
//! ledger line and every payment with the tax withheld, as one XLSX of three
//! sheets or as three CSV files. It is her own book, kept for her accounts,
//! so it names partners and full order ids (a partner's statement masks
//! them); it never reads a phone or a WeChat id. A closed month reads what
//! closing wrote; the open month reads what closing it today would write,
//! and its title says it is a draft.

use super::booking::NewLine;
use super::close::draft_booking;
use super::plan;
use super::statements::{method_word, month_statements, MonthStatements};
use crate::error::{AppError, ErrorCode};
use crate::files::tabular;
use crate::model::{
    BizDay, BizMonth, FormError, Lang, LedgerKind, Message, Money, PartnerId, PayMethod, RatePct, RowId,
};
use crate::store::atomic::{Existing, Staged};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, XlsxError};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A month's book holds at most this many lines, and as many payments: far
/// above a big team's month, far below a sheet's million rows.
pub const MAX_BOOK_ROWS: usize = 200_000;

#[derive(Debug, Clone)]
pub struct MonthBook {
    pub statements: MonthStatements,
    /// The day the figures were read: a draft's lines are as of this day.
    pub as_of: BizDay,
    pub lines: Vec<BookLine>,
    pub payments: Vec<BookPayment>,
}

/// One ledger line of the month. A draft month's booked lines have no id
/// yet (closing gives them one); its adjustments are stored and have one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BookLine {
    pub id: Option<i64>,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub kind: LedgerKind,
    /// The platform's own order number (JD's id, or 多多进宝's / 淘宝联盟's text).
    pub order_ref: Option<String>,
    pub order_day: Option<BizDay>,
    pub product: Option<String>,
    pub basis: Option<Money>,
    pub rate: Option<RatePct>,
    pub amount: Money,
    pub reason: Option<String>,
    pub reverses_line_id: Option<i64>,
}

/// One payment allocated to the month. A void repeats its payment's amount
/// and tax negated, so the totals count neither.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BookPayment {
    pub id: i64,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub paid_on: BizDay,
    pub method: PayMethod,
    pub reference: String,
    pub amount: Money,
    pub tax: Money,
    pub note: String,
    pub voids_payment_id: Option<i64>,
}

/// The month's book, for a closed month or the open one (any other is
/// refused, as its statements are); a month past `MAX_BOOK_ROWS` lines or
/// payments is refused whole rather than cut short.
pub async fn month_book(pool: &SqlitePool, month: BizMonth, today: BizDay) -> Result<MonthBook, FormError> {
    let statements = month_statements(pool, month, today).await?;
    let too_large = || {
        FormError::invalid("month", Message::new("accounting.tooLarge").with("month", month).with("max", MAX_BOOK_ROWS))
    };
    let mut conn = pool.acquire().await?;
    let mut lines = Vec::new();
    if !statements.closed {
        let plans = plan::load(&mut conn).await?;
        let booking = draft_booking(&mut conn, &plans, month, today).await?;
        if booking.lines.len() > MAX_BOOK_ROWS {
            return Err(too_large());
        }
        lines = draft_lines(&mut conn, &booking.lines).await?;
    }
    // A closed month's every line; an open month's adjustments.
    lines.extend(stored_lines(&mut conn, month).await?);
    let payments = payments(&mut conn, month).await?;
    if lines.len() > MAX_BOOK_ROWS || payments.len() > MAX_BOOK_ROWS {
        return Err(too_large());
    }
    Ok(MonthBook { statements, as_of: today, lines, payments })
}

async fn stored_lines(conn: &mut SqliteConnection, month: BizMonth) -> Result<Vec<BookLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.partner_id, COALESCE(p.name, '') AS partner_name, l.kind,
                COALESCE(r.order_key, CAST(r.order_id AS TEXT)) AS order_ref, r.order_day,
                r.sku_name AS product, l.basis_fen AS basis, l.rate, l.amount_fen AS amount, l.reason,
                l.reverses_line_id
         FROM payout_lines l
         LEFT JOIN partners p ON p.id = l.partner_id
         LEFT JOIN order_rows r ON r.id = l.row_id
         WHERE l.month = ?1 ORDER BY l.id LIMIT ?2",
    )
    .bind(month.as_int())
    // One past the cap, so a month beyond it is refused rather than cut short.
    .bind(MAX_BOOK_ROWS as i64 + 1)
    .fetch_all(&mut *conn)
    .await
}

#[derive(sqlx::FromRow)]
struct OrderFacts {
    id: RowId,
    order_ref: String,
    order_day: BizDay,
    sku_name: String,
}

#[derive(sqlx::FromRow)]
struct PartnerName {
    id: PartnerId,
    name: String,
}

/// The lines closing today would write, with their orders and partners
/// read in one query each.
async fn draft_lines(conn: &mut SqliteConnection, booked: &[NewLine]) -> Result<Vec<BookLine>, sqlx::Error> {
    let rows = id_list(booked.iter().map(|l| l.row.0));
    let facts: Vec<OrderFacts> = sqlx::query_as(
        "SELECT id, COALESCE(order_key, CAST(order_id AS TEXT)) AS order_ref, order_day, sku_name
         FROM order_rows WHERE id IN (SELECT value FROM json_each(?1))",
    )
    .bind(rows)
    .fetch_all(&mut *conn)
    .await?;
    let facts: HashMap<RowId, OrderFacts> = facts.into_iter().map(|f| (f.id, f)).collect();
    let partners = id_list(booked.iter().map(|l| l.partner.0));
    let names: Vec<PartnerName> =
        sqlx::query_as("SELECT id, name FROM partners WHERE id IN (SELECT value FROM json_each(?1))")
            .bind(partners)
            .fetch_all(&mut *conn)
            .await?;
    let names: HashMap<PartnerId, String> = names.into_iter().map(|n| (n.id, n.name)).collect();
    Ok(booked
        .iter()
        .map(|line| {
            let order = facts.get(&line.row);
            BookLine {
                id: None,
                partner_id: line.partner,
                partner_name: names.get(&line.partner).cloned().unwrap_or_default(),
                kind: line.kind,
                order_ref: order.map(|o| o.order_ref.clone()),
                order_day: order.map(|o| o.order_day),
                product: order.map(|o| o.sku_name.clone()),
                basis: Some(Money::from_fen(line.basis)),
                rate: Some(line.rate),
                amount: Money::from_fen(line.amount),
                reason: None,
                reverses_line_id: line.reverses,
            }
        })
        .collect())
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

async fn payments(conn: &mut SqliteConnection, month: BizMonth) -> Result<Vec<BookPayment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.partner_id, COALESCE(n.name, '') AS partner_name, p.paid_on, p.method, p.reference,
                p.amount_fen AS amount,
                CASE WHEN p.voids_payment_id IS NULL THEN p.tax_fen ELSE -COALESCE(v.tax_fen, 0) END AS tax,
                p.note, p.voids_payment_id
         FROM payout_payments p
         LEFT JOIN partners n ON n.id = p.partner_id
         LEFT JOIN payout_payments v ON v.id = p.voids_payment_id
         WHERE p.month = ?1 ORDER BY p.id LIMIT ?2",
    )
    .bind(month.as_int())
    .bind(MAX_BOOK_ROWS as i64 + 1)
    .fetch_all(&mut *conn)
    .await
}

/// The file kinds a book is written as, named by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookFormat {
    Xlsx,
    Csv,
}

impl BookFormat {
    /// The format `path`'s extension names (in any case); anything else is refused.
    pub fn of(path: &Path) -> Result<BookFormat, BookFileError> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "xlsx" => Ok(BookFormat::Xlsx),
            "csv" => Ok(BookFormat::Csv),
            _ => Err(BookFileError::Format { ext: ext.chars().take(16).collect() }),
        }
    }
}

/// Why a book's files could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum BookFileError {
    #[error("a month's book is not written as {ext:?}")]
    Format { ext: String },
    #[error("cannot make the XLSX: {0}")]
    Xlsx(String),
    #[error("cannot make the CSV: {0}")]
    Csv(String),
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

impl BookFileError {
    pub fn message(&self) -> Message {
        match self {
            BookFileError::Format { ext } => Message::new("accounting.error.format").with("ext", ext),
            BookFileError::Xlsx(reason) => Message::new("accounting.error.xlsx").with("reason", reason),
            BookFileError::Csv(reason) => Message::new("accounting.error.csv").with("reason", reason),
            BookFileError::Write { path, reason } => {
                Message::new("files.write").with("path", path).with("reason", reason)
            }
        }
    }
}

impl From<BookFileError> for AppError {
    fn from(error: BookFileError) -> AppError {
        match error {
            BookFileError::Format { .. } => AppError::new(ErrorCode::Validation, error.message()),
            other => {
                tracing::error!(key = %other.message().key, "month's book failed");
                AppError::new(ErrorCode::Internal, other.message())
            }
        }
    }
}

/// The book at `path`: an `.xlsx` of three sheets, or for `.csv` (one table
/// a file) the statements at `path` and the lines and payments beside it,
/// as `NAME-lines.csv` and `NAME-payments.csv`. Every file is made before
/// any is renamed into place; with `Existing::Keep` none is written if one
/// of them is already there. Returns the files written. The path stays out
/// of the trace: it can carry a person's name.
#[tracing::instrument(skip_all, fields(lines = book.lines.len(), payments = book.payments.len()))]
pub fn write_month_book(
    book: &MonthBook,
    lang: Lang,
    path: &Path,
    existing: Existing,
) -> Result<Vec<PathBuf>, BookFileError> {
    let files = match BookFormat::of(path)? {
        BookFormat::Xlsx => vec![(path.to_path_buf(), month_book_xlsx(book, lang)?)],
        BookFormat::Csv => {
            let tables = [statements_table(book, lang), lines_table(book, lang), payments_table(book, lang)];
            let title = title(book, lang);
            let mut files = Vec::with_capacity(tables.len());
            for (path, table) in csv_paths(path).into_iter().zip(&tables) {
                files.push((path, table_csv(&title, table)?));
            }
            files
        }
    };
    write_files(&files, existing)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The book as one workbook of three sheets (what the window saves).
pub fn month_book_xlsx(book: &MonthBook, lang: Lang) -> Result<Vec<u8>, BookFileError> {
    let tables = [statements_table(book, lang), lines_table(book, lang), payments_table(book, lang)];
    book_xlsx(&title(book, lang), &tables).map_err(|e| BookFileError::Xlsx(e.to_string()))
}

/// `NAME.csv`, `NAME-lines.csv`, `NAME-payments.csv`, in the folder of `path`.
fn csv_paths(path: &Path) -> [PathBuf; 3] {
    let stem = path.file_stem().unwrap_or_default();
    let ext = path.extension().unwrap_or_default();
    let beside = |suffix: &str| {
        let mut name = stem.to_os_string();
        name.push(suffix);
        name.push(".");
        name.push(ext);
        path.with_file_name(name)
    };
    [path.to_path_buf(), beside("-lines"), beside("-payments")]
}

fn write_files(files: &[(PathBuf, Vec<u8>)], existing: Existing) -> Result<(), BookFileError> {
    let failed = |path: &Path, error: std::io::Error| BookFileError::Write {
        path: path.display().to_string(),
        reason: error.to_string(),
    };
    if existing == Existing::Keep {
        if let Some((path, _)) = files.iter().find(|(path, _)| path.symlink_metadata().is_ok()) {
            return Err(failed(path, std::io::ErrorKind::AlreadyExists.into()));
        }
    }
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let mut stage = Staged::new(path, existing).map_err(|e| failed(path, e))?;
        stage.file().write_all(bytes).map_err(|e| failed(path, e))?;
        staged.push((path, stage));
    }
    for (path, stage) in staged {
        stage.commit().map_err(|e| failed(path, e))?;
    }
    Ok(())
}

fn title(book: &MonthBook, lang: Lang) -> String {
    let status =
        if book.statements.closed { Message::new("statement.closed") } else { Message::new("statement.draft") };
    Message::new("accounting.title")
        .with("month", &book.statements.month)
        .with("status", status.render(lang))
        .render(lang)
}

/// A cell as the XLSX types it; the CSV writes each as text.
enum Cell {
    Empty,
    Text(String),
    Number(i64),
    Money(Money),
    Rate(RatePct),
}

impl Cell {
    fn text(value: Option<String>) -> Cell {
        value.map_or(Cell::Empty, Cell::Text)
    }

    fn number(value: Option<i64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }

    fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Money(money) => money.to_string(),
            Cell::Rate(rate) => rate.to_string(),
        }
    }
}

/// One sheet (one CSV file): labelled figures above the table in the
/// sheet (below it in the CSV, whose first line is its header), the
/// table, and its totals.
struct Table {
    name: String,
    figures: Vec<(String, Cell)>,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    totals: Vec<Cell>,
    /// Columns wide enough for a name or a product.
    wide: Vec<ColNum>,
}

fn words(messages: &[Message], lang: Lang) -> Vec<String> {
    messages.iter().map(|message| message.render(lang)).collect()
}

fn total(amounts: impl Iterator<Item = Money>) -> Cell {
    Cell::Money(Money::from_fen(amounts.fold(0i64, |sum, amount| sum.saturating_add(amount.fen()))))
}

fn statements_table(book: &MonthBook, lang: Lang) -> Table {
    let month = &book.statements;
    let rows = &month.statements;
    let figures = vec![
        (Message::new("statement.asOf").render(lang), Cell::Text(book.as_of.to_string())),
        (Message::new("accounting.settled").render(lang), Cell::Money(month.settled_fen)),
        (Message::new("accounting.partners").render(lang), Cell::Money(month.partners_fen)),
        (Message::new("accounting.hers").render(lang), Cell::Money(month.hers_fen)),
    ];
    let headers = words(
        &[
            Message::new("accounting.col.partnerId"),
            Message::new("accounting.col.partner"),
            Message::new("accounting.col.opening"),
            Message::new("accounting.col.earned"),
            Message::new("accounting.col.override"),
            Message::new("accounting.col.reversed"),
            Message::new("accounting.col.adjusted"),
            Message::new("accounting.col.paid"),
            Message::new("accounting.col.closing"),
            Message::new("accounting.col.payable"),
            Message::new("accounting.col.pending"),
        ],
        lang,
    );
    let body = rows
        .iter()
        .map(|s| {
            vec![
                Cell::Number(s.partner.id.0),
                Cell::Text(s.partner.name.clone()),
                Cell::Money(s.opening_fen),
                Cell::Money(s.earned_fen),
                Cell::Money(s.override_fen),
                Cell::Money(s.reversed_fen),
                Cell::Money(s.adjusted_fen),
                Cell::Money(s.paid_fen),
                Cell::Money(s.closing_fen),
                Cell::Money(s.payable_fen),
                Cell::Money(s.pending_fen),
            ]
        })
        .collect();
    let totals = vec![
        Cell::Text(Message::new("accounting.total").render(lang)),
        Cell::Empty,
        total(rows.iter().map(|s| s.opening_fen)),
        total(rows.iter().map(|s| s.earned_fen)),
        total(rows.iter().map(|s| s.override_fen)),
        total(rows.iter().map(|s| s.reversed_fen)),
        total(rows.iter().map(|s| s.adjusted_fen)),
        total(rows.iter().map(|s| s.paid_fen)),
        total(rows.iter().map(|s| s.closing_fen)),
        total(rows.iter().map(|s| s.payable_fen)),
        total(rows.iter().map(|s| s.pending_fen)),
    ];
    Table {
        name: Message::new("accounting.sheet.statements").render(lang),
        figures,
        headers,
        rows: body,
        totals,
        wide: vec![1],
    }
}

fn kind_word(kind: LedgerKind, lang: Lang) -> String {
    match kind {
        LedgerKind::Commission => Message::new("statement.kind.commission"),
        LedgerKind::Override => Message::new("statement.kind.override"),
        LedgerKind::Reversal => Message::new("statement.kind.reversal"),
        LedgerKind::Adjustment => Message::new("statement.kind.adjustment"),
    }
    .render(lang)
}

fn lines_table(book: &MonthBook, lang: Lang) -> Table {
    let headers = words(
        &[
            Message::new("accounting.col.line"),
            Message::new("accounting.col.partnerId"),
            Message::new("accounting.col.partner"),
            Message::new("accounting.col.kind"),
            Message::new("accounting.col.order"),
            Message::new("accounting.col.orderDay"),
            Message::new("accounting.col.product"),
            Message::new("accounting.col.basis"),
            Message::new("accounting.col.rate"),
            Message::new("accounting.col.amount"),
            Message::new("accounting.col.reason"),
            Message::new("accounting.col.reverses"),
        ],
        lang,
    );
    let rows = book
        .lines
        .iter()
        .map(|line| {
            vec![
                Cell::number(line.id),
                Cell::Number(line.partner_id.0),
                Cell::Text(line.partner_name.clone()),
                Cell::Text(kind_word(line.kind, lang)),
                // Text: an order id is a code, and Excel would show 13 digits in E notation.
                Cell::text(line.order_ref.clone()),
                Cell::text(line.order_day.map(|day| day.to_string())),
                Cell::text(line.product.clone()),
                line.basis.map_or(Cell::Empty, Cell::Money),
                line.rate.map_or(Cell::Empty, Cell::Rate),
                Cell::Money(line.amount),
                Cell::text(line.reason.clone()),
                Cell::number(line.reverses_line_id),
            ]
        })
        .collect();
    let mut totals: Vec<Cell> = (0..9).map(|_| Cell::Empty).collect();
    totals[0] = Cell::Text(Message::new("accounting.total").render(lang));
    totals.push(total(book.lines.iter().map(|l| l.amount)));
    Table {
        name: Message::new("accounting.sheet.lines").render(lang),
        figures: Vec::new(),
        headers,
        rows,
        totals,
        wide: vec![2, 6, 10],
    }
}

fn payments_table(book: &MonthBook, lang: Lang) -> Table {
    let headers = words(
        &[
            Message::new("accounting.col.payment"),
            Message::new("accounting.col.partnerId"),
            Message::new("accounting.col.partner"),
            Message::new("accounting.col.paidOn"),
            Message::new("accounting.col.method"),
            Message::new("accounting.col.reference"),
            Message::new("accounting.col.amount"),
            Message::new("accounting.col.tax"),
            Message::new("accounting.col.net"),
            Message::new("accounting.col.note"),
            Message::new("accounting.col.voids"),
        ],
        lang,
    );
    let net = |p: &BookPayment| Money::from_fen(p.amount.fen().saturating_sub(p.tax.fen()));
    let rows = book
        .payments
        .iter()
        .map(|p| {
            vec![
                Cell::Number(p.id),
                Cell::Number(p.partner_id.0),
                Cell::Text(p.partner_name.clone()),
                Cell::Text(p.paid_on.to_string()),
                Cell::Text(method_word(p.method, lang).to_owned()),
                Cell::Text(p.reference.clone()),
                Cell::Money(p.amount),
                Cell::Money(p.tax),
                Cell::Money(net(p)),
                Cell::Text(p.note.clone()),
                Cell::number(p.voids_payment_id),
            ]
        })
        .collect();
    let mut totals: Vec<Cell> = (0..6).map(|_| Cell::Empty).collect();
    totals[0] = Cell::Text(Message::new("accounting.total").render(lang));
    totals.push(total(book.payments.iter().map(|p| p.amount)));
    totals.push(total(book.payments.iter().map(|p| p.tax)));
    totals.push(total(book.payments.iter().map(net)));
    Table {
        name: Message::new("accounting.sheet.payments").render(lang),
        figures: Vec::new(),
        headers,
        rows,
        totals,
        wide: vec![2, 9],
    }
}

fn book_xlsx(title: &str, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let money = Format::new().set_num_format("0.00");
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name)?;
        for col in &table.wide {
            sheet.set_column_width(*col, 24)?;
        }
        sheet.write_string_with_format(0, 0, title, &bold)?;
        let mut row: RowNum = 1;
        for (label, figure) in &table.figures {
            sheet.write_string(row, 0, label)?;
            write_cell(sheet, row, 1, figure, &money)?;
            row += 1;
        }
        row += 1;
        for (col, header) in (0..).zip(&table.headers) {
            sheet.write_string_with_format(row, col, header, &bold)?;
        }
        for cells in table.rows.iter().chain([&table.totals]) {
            row += 1;
            for (col, cell) in (0..).zip(cells) {
                write_cell(sheet, row, col, cell, &money)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// Text as a string cell (never run as a formula), figures as numbers.
fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: RowNum,
    col: ColNum,
    cell: &Cell,
    money: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) if text.is_empty() => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, text)?;
        }
        Cell::Number(number) => {
            sheet.write_number(row, col, *number as f64)?;
        }
        Cell::Money(amount) => {
            sheet.write_number_with_format(row, col, hundredths(amount.fen()), money)?;
        }
        Cell::Rate(rate) => {
            sheet.write_number_with_format(row, col, hundredths(rate.hundredths()), money)?;
        }
    }
    Ok(())
}

/// A whole number of hundredths as the number a spreadsheet holds, as the
/// statement's XLSX writes it: the integer is exact in an f64 and one
/// division is correctly rounded, so `1234` fen is the very number Excel
/// reads from the text `12.34`.
fn hundredths(value: i64) -> f64 {
    value as f64 / 100.0
}

/// The table as CSV (UTF-8 with a BOM, formula-leading text neutralised, as
/// every CSV export writes it): the header first, so the file imports as a
/// table, then the rows, the totals, the title and the figures.
fn table_csv(title: &str, table: &Table) -> Result<Vec<u8>, BookFileError> {
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(table.rows.len() + table.figures.len() + 3);
    for cells in table.rows.iter().chain([&table.totals]) {
        rows.push(cells.iter().map(Cell::csv).collect());
    }
    rows.push(Vec::new());
    rows.push(vec![title.to_owned()]);
    rows.extend(table.figures.iter().map(|(label, figure)| vec![label.clone(), figure.csv()]));
    // Every record as wide as the header: a CSV reader wants one width.
    for row in &mut rows {
        row.resize(headers.len(), String::new());
    }
    tabular::write_csv(&headers, &rows).map_err(|e| BookFileError::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_tables_lie_beside_the_file_asked_for() {
        let [statements, lines, payments] = csv_paths(Path::new("账/2026-10.CSV"));
        assert_eq!(statements, Path::new("账/2026-10.CSV"));
        assert_eq!(lines, Path::new("账/2026-10-lines.CSV"));
        assert_eq!(payments, Path::new("账/2026-10-payments.CSV"));
    }

    #[test]
    fn money_is_a_number_in_yuan_exactly_as_the_fen_say() {
        for fen in [29, -5, 1_234, -1_205, 123_456_789_012] {
            assert_eq!(hundredths(fen).to_string(), Money::from_fen(fen).to_string(), "{fen}");
        }
    }
}
