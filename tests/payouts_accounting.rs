//! 分润's accounting export: a month's statements, lines and payments (tax
//! withheld included) as one XLSX or three CSV files, read back and checked
//! against the ledger.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{cli, empty_store, seed_account, seed_clawback, seed_row, Partner};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use tuanzhang::model::{BizDay, BizMonth, Lang, PartnerId, PayMethod, PayoutActor};
use tuanzhang::payouts::accounting::{self, BookFormat, MonthBook};
use tuanzhang::payouts::{self, AdjustmentInput, PaymentInput, PlanInput};
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::Store;

const ACTOR: PayoutActor = PayoutActor::Cli;
const NOW: i64 = 1_790_000_000;
/// Planted in the partners' rows; the accountant's book never reads them.
const CONTACTS: [&str; 4] = ["13912345678", "lina_wx_777", "13800138000", "wangfang_wx_99"];
const FORMULA: &str = "=HYPERLINK(\"http://x.example\",\"点我\")";

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

fn month(text: &str) -> BizMonth {
    BizMonth::parse(text).expect("a month")
}

fn payment(partner: i64, amount: &str, method: PayMethod, reference: &str, tax: &str, on: &str) -> PaymentInput {
    PaymentInput {
        partner: PartnerId(partner),
        amount: amount.into(),
        method,
        paid_on: Some(day(on)),
        reference: reference.into(),
        voucher: None,
        tax: tax.into(),
        note: String::new(),
        statement: None,
    }
}

struct Ledger {
    _dir: tempfile::TempDir,
    store: Store,
    lead: i64,
    seller: i64,
    /// The payment to the lead that was voided, and its void.
    voided: i64,
    void: i64,
}

/// Two partners (the seller under the lead), a plan with an upline share,
/// October closed with an adjustment whose reason reads as a formula, a
/// payment with tax withheld and a voided one.
async fn ledger() -> Ledger {
    let (dir, store) = empty_store().await;
    seed_account(&store).await;
    let lead = Partner::named("李娜").role("shopkeeper").phone(CONTACTS[0]).wechat(CONTACTS[1]).insert(&store).await;
    let seller = Partner::named("王芳").under(Some(lead)).phone(CONTACTS[2]).wechat(CONTACTS[3]).insert(&store).await;
    let plan = PlanInput {
        own_rate: "50".into(),
        override_rate: Some("10".into()),
        override_levels: 1,
        effective_from: Some(day("2026-10-01")),
        ..PlanInput::default()
    };
    payouts::set_plan(store.pool(), &plan, ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 10_000).await;
    seed_row(&store, 2, Some(lead), "2026-09-12", Some("2026-10-20"), 3_000).await;
    seed_row(&store, 3, Some(seller), "2026-09-15", Some("2026-10-20"), 2_001).await;
    seed_row(&store, 4, None, "2026-09-15", Some("2026-10-20"), 777).await;
    seed_row(&store, 5, Some(seller), "2026-10-02", None, 400).await;
    let adjustment = AdjustmentInput { partner: PartnerId(seller), amount: "-1.50".into(), reason: FORMULA.into() };
    payouts::adjust(store.pool(), &adjustment, ACTOR, NOW).await.expect("adjust");
    payouts::close(store.pool(), month("2026-10"), day("2026-10-25"), NOW, ACTOR).await.expect("close");
    let taxed = payment(seller, "30", PayMethod::Wechat, "wx-0042", "3", "2026-10-26");
    payouts::record_payment(store.pool(), &taxed, ACTOR, NOW, day("2026-10-26")).await.expect("paid");
    let wrong = payment(lead, "10", PayMethod::Bank, "bank-7", "1", "2026-10-26");
    let voided = payouts::record_payment(store.pool(), &wrong, ACTOR, NOW, day("2026-10-26")).await.expect("wrong").id;
    let void = payouts::void_payment(store.pool(), voided, ACTOR, NOW, day("2026-10-27")).await.expect("void");
    Ledger { _dir: dir, store, lead, seller, voided, void }
}

/// A sheet's table: the rows between the header (found by its first cell)
/// and the totals row (found by its first cell), by header name.
struct Table {
    rows: Vec<BTreeMap<String, String>>,
    totals: BTreeMap<String, String>,
}

impl Table {
    fn from_cells(cells: Vec<Vec<String>>, first_header: &str, total_word: &str) -> Table {
        let start = cells.iter().position(|r| r.first().map(String::as_str) == Some(first_header)).expect("header");
        let headers = cells[start].clone();
        let named = |row: &Vec<String>| -> BTreeMap<String, String> {
            headers.iter().cloned().zip(row.iter().cloned().chain(std::iter::repeat(String::new()))).collect()
        };
        let mut rows = Vec::new();
        for row in &cells[start + 1..] {
            if row.first().map(String::as_str) == Some(total_word) {
                return Table { rows, totals: named(row) };
            }
            rows.push(named(row));
        }
        panic!("no totals row under {first_header}")
    }
}

/// A money cell in fen, from the number (XLSX) or the text (CSV) written.
fn fen(text: &str) -> i64 {
    if text.is_empty() {
        return 0;
    }
    let yuan: f64 = text.parse().unwrap_or_else(|_| panic!("a number: {text:?}"));
    (yuan * 100.0).round() as i64
}

fn sheet_cells(workbook: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = workbook.worksheet_range(name).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(number) => number.to_string(),
                    Data::Int(number) => number.to_string(),
                    other => panic!("an unexpected cell: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// The statements, lines and payments tables agree with the book: the
/// statements add up to the partners' total, each partner's lines to her
/// statement, and the payments carry the tax and the void.
fn check_tables(book: &MonthBook, ledger: &Ledger, tables: [&Table; 3], words: &Words) {
    let [statements, lines, payments] = tables;
    let month = &book.statements;
    assert_eq!(statements.rows.len(), month.statements.len());
    let mut earned_by_partner: BTreeMap<String, i64> = BTreeMap::new();
    for s in &statements.rows {
        let sum: i64 = words.kinds.iter().map(|k| fen(&s[*k])).sum();
        earned_by_partner.insert(s[words.partner_id].clone(), sum);
    }
    assert_eq!(earned_by_partner.values().sum::<i64>(), month.partners_fen.fen(), "the statements add up");
    assert_eq!(
        words.kinds.iter().map(|k| fen(&statements.totals[*k])).sum::<i64>(),
        month.partners_fen.fen(),
        "so do their totals"
    );
    let mut lines_by_partner: BTreeMap<String, i64> = BTreeMap::new();
    for line in &lines.rows {
        *lines_by_partner.entry(line[words.partner_id].clone()).or_default() += fen(&line[words.amount]);
    }
    assert_eq!(lines_by_partner, earned_by_partner, "each partner's lines make her statement");
    assert_eq!(fen(&lines.totals[words.amount]), month.partners_fen.fen());

    let taxed = payments.rows.iter().find(|p| p[words.reference] == "wx-0042").expect("the taxed payment");
    assert_eq!(taxed[words.partner_id], ledger.seller.to_string());
    assert_eq!((fen(&taxed[words.amount]), fen(&taxed[words.tax]), fen(&taxed[words.net])), (3_000, 300, 2_700));
    let void = payments.rows.iter().find(|p| p[words.id] == ledger.void.to_string()).expect("the void");
    assert_eq!(void[words.voids], ledger.voided.to_string(), "it names the payment it voids");
    assert_eq!(void[words.partner_id], ledger.lead.to_string());
    assert_eq!((fen(&void[words.amount]), fen(&void[words.tax]), fen(&void[words.net])), (-1_000, -100, -900));
    assert_eq!(payments.rows.len(), 3, "the voided payment stays");
    assert_eq!(
        (fen(&payments.totals[words.amount]), fen(&payments.totals[words.tax]), fen(&payments.totals[words.net])),
        (3_000, 300, 2_700),
        "a void takes back its payment's tax too"
    );
}

/// The headers the checks read, in one language.
struct Words {
    partner_id: &'static str,
    kinds: [&'static str; 4],
    amount: &'static str,
    reference: &'static str,
    tax: &'static str,
    net: &'static str,
    id: &'static str,
    voids: &'static str,
    total: &'static str,
}

const ZH: Words = Words {
    partner_id: "伙伴编号",
    kinds: ["本月佣金（元）", "上级分成（元）", "冲回（元）", "调整（元）"],
    amount: "金额（元）",
    reference: "流水号",
    tax: "代扣税（元）",
    net: "税后实付（元）",
    id: "付款编号",
    voids: "作废的付款编号",
    total: "合计",
};

const EN: Words = Words {
    partner_id: "Partner ID",
    kinds: ["Earned (yuan)", "Upline share (yuan)", "Reversed (yuan)", "Adjusted (yuan)"],
    amount: "Amount (yuan)",
    reference: "Reference",
    tax: "Tax withheld (yuan)",
    net: "Net of tax (yuan)",
    id: "Payment ID",
    voids: "Voids payment",
    total: "Total",
};

#[tokio::test]
async fn a_closed_months_book_as_xlsx_holds_statements_lines_and_payments_that_add_up() {
    let ledger = ledger().await;
    let book = accounting::month_book(ledger.store.pool(), month("2026-10"), day("2026-10-27")).await.expect("book");
    assert!(book.statements.closed);
    assert!(book.lines.iter().all(|l| l.id.is_some()), "a closed month's lines are the stored ones");
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("2026-10 账本.xlsx");
    let written = accounting::write_month_book(&book, Lang::Zh, &path, Existing::Keep).expect("written");
    assert_eq!(written, vec![path.clone()]);

    let bytes = std::fs::read(&path).expect("the file");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("an XLSX");
    assert_eq!(workbook.sheet_names(), vec!["对账单", "明细", "付款"]);
    let sheets: Vec<Vec<Vec<String>>> =
        ["对账单", "明细", "付款"].iter().map(|name| sheet_cells(&mut workbook, name)).collect();
    let first = &sheets[0];
    assert_eq!(first[0][0], "2026-10 分润账本（已结账）");
    let figure = |label: &str| {
        let row = first.iter().find(|r| r.first().map(String::as_str) == Some(label)).expect(label);
        fen(&row[1])
    };
    let month = &book.statements;
    assert_eq!(figure("平台结算（元）"), month.settled_fen.fen());
    assert_eq!(figure("伙伴合计（元）"), month.partners_fen.fen());
    assert_eq!(figure("你的部分（元）"), month.hers_fen.fen());
    assert_eq!(month.settled_fen.fen(), 10_000 + 3_000 + 2_001 + 777);
    assert_eq!(month.partners_fen.fen(), 5_000 + 1_000 + 1_001 + 200 + 1_500 - 150);

    let statements = Table::from_cells(sheets[0].clone(), ZH.partner_id, ZH.total);
    let lines = Table::from_cells(sheets[1].clone(), "明细编号", ZH.total);
    let payments = Table::from_cells(sheets[2].clone(), ZH.id, ZH.total);
    check_tables(&book, &ledger, [&statements, &lines, &payments], &ZH);
    let adjustment = lines.rows.iter().find(|l| l["类型"] == "调整").expect("the adjustment");
    assert_eq!(adjustment["原因"], FORMULA, "a string cell, kept as she typed it");
    assert!(
        lines.rows.iter().any(|l| l["订单号"] == "5000001" && l["伙伴"] == "王芳"),
        "her book names the order whole"
    );

    let every_cell: Vec<&String> = sheets.iter().flatten().flatten().collect();
    for contact in CONTACTS {
        assert!(every_cell.iter().all(|cell| !cell.contains(contact)), "{contact} is not in the book");
    }
}

#[tokio::test]
async fn as_csv_the_book_is_three_files_in_english_with_formulas_neutralised_and_none_replaced_unless_asked() {
    let ledger = ledger().await;
    let book = accounting::month_book(ledger.store.pool(), month("2026-10"), day("2026-10-27")).await.expect("book");
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("october.csv");
    let written = accounting::write_month_book(&book, Lang::En, &path, Existing::Keep).expect("written");
    let names = ["october.csv", "october-lines.csv", "october-payments.csv"];
    assert_eq!(written, names.map(|n| folder.path().join(n)).to_vec());

    let mut tables = Vec::new();
    let mut texts = Vec::new();
    for (name, first_header) in names.iter().zip([EN.partner_id, "Line ID", EN.id]) {
        let bytes = std::fs::read(folder.path().join(name)).expect("a file");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}: UTF-8 with a BOM, for Excel");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
        let cells: Vec<Vec<String>> =
            reader.records().map(|r| r.expect("a record").iter().map(str::to_owned).collect()).collect();
        tables.push(Table::from_cells(cells, first_header, EN.total));
        texts.push(String::from_utf8(bytes).expect("UTF-8"));
    }
    check_tables(&book, &ledger, [&tables[0], &tables[1], &tables[2]], &EN);
    let adjustment = tables[1].rows.iter().find(|l| l["Kind"] == "Adjustment").expect("the adjustment");
    assert_eq!(adjustment["Reason"], format!("'{FORMULA}"), "a leading apostrophe keeps it text");
    assert!(texts[1].contains(",\"'=HYPERLINK(") && !texts[1].contains(",\"=HYPERLINK("), "as the file holds it");
    assert!(texts[0].contains("Payouts book 2026-10 (Closed)"));
    assert!(texts[0].contains("Partners' total (yuan),"), "the month's figures follow the table");
    for contact in CONTACTS {
        assert!(texts.iter().all(|text| !text.contains(contact)), "{contact} is not in the book");
    }

    // With one of the three already there, none is written.
    for name in &names[..2] {
        std::fs::remove_file(folder.path().join(name)).expect("removed");
    }
    let refused = accounting::write_month_book(&book, Lang::En, &path, Existing::Keep).expect_err("one is there");
    assert_eq!(refused.message().key, "files.write");
    assert!(!path.exists(), "nothing was written");
    accounting::write_month_book(&book, Lang::En, &path, Existing::Replace).expect("replaced when asked");
    let left: Vec<_> =
        std::fs::read_dir(folder.path()).expect("folder").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left.len(), 3, "no stage is left behind: {left:?}");
}

#[tokio::test]
async fn the_open_months_book_is_a_draft_of_what_closing_today_would_write() {
    let ledger = ledger().await;
    // October's first row is refunded whole in November.
    seed_clawback(&ledger.store, 1, "2026-10-20", 10_000, "2026-11-20", 10_000).await;
    let adjustment =
        AdjustmentInput { partner: PartnerId(ledger.lead), amount: "2".into(), reason: "十月少算".into() };
    payouts::adjust(ledger.store.pool(), &adjustment, ACTOR, NOW).await.expect("adjust");
    let book = accounting::month_book(ledger.store.pool(), month("2026-11"), day("2026-11-25")).await.expect("book");
    assert!(!book.statements.closed);
    let reversals: Vec<_> = book.lines.iter().filter(|l| l.reverses_line_id.is_some()).collect();
    assert_eq!(reversals.iter().map(|l| l.amount.fen()).sum::<i64>(), -5_000 - 1_000, "hers and the upline's");
    assert!(reversals.iter().all(|l| l.id.is_none() && l.order_ref.as_deref() == Some("5000001")), "not written yet");
    assert!(book.lines.iter().any(|l| l.id.is_some() && l.reason.as_deref() == Some("十月少算")));

    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("november.xlsx");
    accounting::write_month_book(&book, Lang::Zh, &path, Existing::Keep).expect("written");
    let bytes = std::fs::read(&path).expect("the file");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("an XLSX");
    let first = sheet_cells(&mut workbook, "对账单");
    assert_eq!(first[0][0], "2026-11 分润账本（草稿）");
    let statements = Table::from_cells(first, ZH.partner_id, ZH.total);
    let lines = Table::from_cells(sheet_cells(&mut workbook, "明细"), "明细编号", ZH.total);
    assert_eq!(fen(&lines.totals[ZH.amount]), book.statements.partners_fen.fen());
    assert_eq!(book.statements.partners_fen.fen(), -6_000 + 200);
    let closing: i64 = statements.rows.iter().map(|s| fen(&s["期末余额（元）"])).sum();
    assert_eq!(closing, book.statements.statements.iter().map(|s| s.closing_fen.fen()).sum::<i64>());
}

#[tokio::test]
async fn a_book_is_written_only_as_xlsx_or_csv() {
    let ledger = ledger().await;
    let book = accounting::month_book(ledger.store.pool(), month("2026-10"), day("2026-10-27")).await.expect("book");
    let folder = tempfile::tempdir().expect("folder");
    for name in ["book.ods", "book.pdf", "book", "book.csv.exe"] {
        let refused = accounting::write_month_book(&book, Lang::Zh, &folder.path().join(name), Existing::Keep)
            .expect_err("refused");
        assert_eq!(refused.message().key, "accounting.error.format", "{name}");
    }
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 0, "nothing was written");
    assert_eq!(BookFormat::of(Path::new("账本.XLSX")).ok(), Some(BookFormat::Xlsx));
    assert_eq!(BookFormat::of(Path::new("账本.Csv")).ok(), Some(BookFormat::Csv));

    let data = tempfile::tempdir().expect("data folder");
    let out = data.path().join("book.ods");
    let out = out.to_str().expect("a UTF-8 path");
    let (_, said, ok) = cli(data.path(), &["payout", "export", "--month", "2026-10", "--out", out]);
    assert!(!ok && said.contains("只能导出为 XLSX 或 CSV"), "the CLI says why: {said}");
}
