//! A partner's statement files hold what her statement holds and nothing
//! else. Two statements are drawn in one process, another partner's first:
//! the files of the second must show its own planted strings (so the search
//! below finds text where it is) and none of the first's (no name, product,
//! note, number, order or amount carried over by a cache, a font subset or
//! a shared buffer). The PNG is pixels, so its drawing (the SVG) is searched
//! and the PNG checked to be that drawing; the PDF's text is read through
//! its fonts' ToUnicode maps; the XLSX's every part is read.

use flate2::read::ZlibDecoder;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use tuanzhang::model::{BizDay, Lang, Money, RatePct};
use tuanzhang::payouts::statement::{mask_order, PendingLine, Statement, StatementLine, StatementLineKind};
use tuanzhang::payouts::statement_files::{statement_pdf, statement_png, statement_svg, statement_xlsx, WIDTH};

/// What one partner's statement plants in every field she may see.
struct Planted {
    name: &'static str,
    number: &'static str,
    products: [&'static str; 3],
    notes: [&'static str; 2],
    /// Full order ids: only their last four digits may show.
    orders: [i64; 2],
    amount_fen: i64,
    /// The amount as the files write it: the XLSX's number, the drawing's yuan.
    amount_texts: [&'static str; 2],
}

const HERS: Planted = Planted {
    name: "甲伙伴Qz7",
    number: "TZ-202605-4242",
    products: ["乙商品Kx3", "丙商品Wm5", "丁待结Hp2"],
    notes: ["戊备注Jd4", "己付款Tr8"],
    orders: [310_987_654_318_831, 310_987_654_312_468],
    amount_fen: 123_456,
    amount_texts: ["1234.56", "¥1,234.56"],
};

const OTHERS: Planted = Planted {
    name: "庚别人Zx9",
    number: "TZ-202605-9090",
    products: ["辛别货Vb6", "壬别货Cn1", "癸别待Gy3"],
    notes: ["子别注Lp0", "丑别付Fs2"],
    orders: [420_555_666_775_151, 420_555_666_776_262],
    amount_fen: 777_777,
    amount_texts: ["7777.77", "¥7,777.77"],
};

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

fn statement(p: &Planted) -> Statement {
    let order_line = |kind, order: i64, product: &str, note: Option<&str>| StatementLine {
        kind,
        day: day("2026-05-03"),
        order: Some(mask_order(&order.to_string())),
        product: Some(product.to_owned()),
        paid: Some(Money::from_fen(p.amount_fen * 10)),
        rate: Some(RatePct::from_hundredths(1_000)),
        amount: Money::from_fen(p.amount_fen),
        note: note.map(str::to_owned),
    };
    let entry = |kind, note: &str| StatementLine {
        kind,
        day: day("2026-05-20"),
        order: None,
        product: None,
        paid: None,
        rate: None,
        amount: Money::from_fen(p.amount_fen),
        note: Some(note.to_owned()),
    };
    Statement {
        month: "2026-05".into(),
        partner_name: p.name.into(),
        number: p.number.into(),
        closed: true,
        as_of: day("2026-06-02"),
        opening: Money::from_fen(-p.amount_fen),
        lines: vec![
            order_line(StatementLineKind::Commission, p.orders[0], p.products[0], None),
            order_line(StatementLineKind::Reversal, p.orders[1], p.products[1], Some(p.notes[0])),
            entry(StatementLineKind::Payment, p.notes[1]),
        ],
        earned: Money::from_fen(p.amount_fen),
        override_share: Money::ZERO,
        reversed: Money::from_fen(-p.amount_fen),
        adjusted: Money::ZERO,
        paid: Money::from_fen(p.amount_fen),
        closing: Money::from_fen(p.amount_fen),
        payable: Money::from_fen(p.amount_fen),
        minimum: Money::from_fen(100),
        pending: vec![PendingLine {
            day: day("2026-05-30"),
            order: mask_order(&p.orders[0].to_string()),
            product: p.products[2].into(),
            paid: Money::from_fen(p.amount_fen),
            rate: RatePct::from_hundredths(1_000),
            amount: Money::from_fen(p.amount_fen),
        }],
        pending_total: Money::from_fen(p.amount_fen),
        pending_more: 0,
    }
}

/// Strings of `p` a partner's files show when the statement is hers.
fn shown(p: &Planted) -> Vec<String> {
    let mut shown = vec![p.name.to_owned(), p.number.to_owned(), p.amount_texts[1].to_owned()];
    shown.extend(p.products.iter().chain(&p.notes).map(|s| (*s).to_owned()));
    shown.extend(p.orders.iter().map(|o| mask_order(&o.to_string())));
    shown
}

/// Strings of `p` that must be in no file but `p`'s: everything shown, the
/// full order ids, and its amount in every form a file writes it.
fn never_elsewhere(p: &Planted) -> Vec<String> {
    let mut never = shown(p);
    never.extend(p.orders.iter().map(|o| o.to_string()));
    never.extend(p.amount_texts.iter().map(|s| (*s).to_owned()));
    never
}

/// The digits of her order ids before the last four, which must never show.
fn unmasked(p: &Planted) -> Vec<String> {
    p.orders.iter().map(|o| (o / 10_000).to_string()).collect()
}

struct Files {
    svg: String,
    png: Vec<u8>,
    pdf: Vec<u8>,
    xlsx: Vec<u8>,
}

fn files(statement: &Statement) -> Files {
    Files {
        svg: statement_svg(statement, Lang::Zh),
        png: statement_png(statement, Lang::Zh).expect("a PNG (this system has a CJK font)"),
        pdf: statement_pdf(statement, Lang::Zh).expect("a PDF"),
        xlsx: statement_xlsx(statement, Lang::Zh).expect("an XLSX"),
    }
}

#[test]
fn a_statement_shows_its_own_lines_and_nothing_of_another_partner() {
    let theirs = files(&statement(&OTHERS));
    let mine = files(&statement(&HERS));
    let mut forbidden = never_elsewhere(&OTHERS);
    forbidden.extend(unmasked(&HERS));

    // The drawing both the PNG and the PDF are made from.
    assert_found_and_absent("SVG", &mine.svg, &shown(&HERS), &forbidden);
    let picture = image::load_from_memory_with_format(&mine.png, image::ImageFormat::Png).expect("a valid PNG");
    assert_eq!((picture.width(), picture.height()), (WIDTH, svg_height(&mine.svg)), "the PNG is that drawing");

    let text = pdf_text(&mine.pdf);
    assert_found_and_absent("PDF text", &text, &shown(&HERS), &forbidden);
    for (what, bytes) in pdf_parts(&mine.pdf) {
        assert_absent_in_bytes(&what, &bytes, &forbidden);
    }
    let raw = String::from_utf8_lossy(&mine.pdf);
    assert_eq!(raw.matches("/Type /Page\n").count() + raw.matches("/Type /Page ").count(), 1, "one page");
    assert!(raw.contains(&format!("/MediaBox [0 0 {WIDTH} {}]", svg_height(&mine.svg))), "the drawing's size");
    assert!(raw.contains("/FontFile"), "the CJK font is embedded");

    let parts = xlsx_parts(&mine.xlsx);
    let sheet: String = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]
        .iter()
        .map(|name| String::from_utf8_lossy(&parts[*name]).into_owned())
        .collect();
    let mut xlsx_shown: Vec<String> = shown(&HERS).into_iter().filter(|s| !s.starts_with('¥')).collect();
    xlsx_shown.push(format!("<v>{}</v>", HERS.amount_texts[0]));
    assert_found_and_absent("XLSX sheet", &sheet, &xlsx_shown, &forbidden);
    for (name, bytes) in &parts {
        assert_absent_in_bytes(name, bytes, &forbidden);
    }

    // The search finds the other partner in her own files: it is not blind.
    assert_found_and_absent("their PDF text", &pdf_text(&theirs.pdf), &shown(&OTHERS), &shown(&HERS));
    assert!(String::from_utf8_lossy(&xlsx_parts(&theirs.xlsx)["xl/sharedStrings.xml"]).contains(OTHERS.name));
}

fn assert_found_and_absent(what: &str, text: &str, expected: &[String], forbidden: &[String]) {
    for wanted in expected {
        assert!(text.contains(wanted.as_str()), "{what} should show {wanted:?}");
    }
    for never in forbidden {
        assert!(!text.contains(never.as_str()), "{what} shows {never:?}, which it must not");
    }
}

/// Neither as UTF-8 nor as UTF-16 (big-endian, as PDF strings are, or little).
fn assert_absent_in_bytes(what: &str, bytes: &[u8], forbidden: &[String]) {
    for never in forbidden {
        let utf16: Vec<u16> = never.encode_utf16().collect();
        let forms = [
            never.as_bytes().to_vec(),
            utf16.iter().flat_map(|u| u.to_be_bytes()).collect(),
            utf16.iter().flat_map(|u| u.to_le_bytes()).collect(),
        ];
        for form in forms {
            assert!(!bytes.windows(form.len()).any(|w| w == form), "{what} holds {never:?}");
        }
    }
}

fn svg_height(svg: &str) -> u32 {
    let height = svg.split("height=\"").nth(1).and_then(|rest| rest.split('"').next());
    height.and_then(|h| h.parse().ok()).expect("the drawing's height")
}

/// The file itself and every stream in it, inflated where it is compressed.
fn pdf_parts(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut parts = vec![("the PDF file".to_owned(), pdf.to_vec())];
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + b"stream\n".len()..];
        let end = find(body, b"endstream").expect("a stream ends");
        let data = body[..end].strip_suffix(b"\n").unwrap_or(&body[..end]);
        let mut inflated = Vec::new();
        let data = match ZlibDecoder::new(data).read_to_end(&mut inflated) {
            Ok(_) => inflated,
            Err(_) => data.to_vec(),
        };
        parts.push((format!("PDF stream {}", parts.len()), data));
        rest = &body[end + b"endstream".len()..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The PDF's text: svg2pdf shows each glyph as a two-byte id in a subset
/// font whose ToUnicode map says which characters it stands for. Every
/// content stream is read once through each font's map (a run in one font
/// reads as garbage through another's, and never as a planted string).
fn pdf_text(pdf: &[u8]) -> String {
    let parts = pdf_parts(pdf);
    let maps: Vec<HashMap<u16, String>> = parts
        .iter()
        .filter(|(_, data)| find(data, b"beginbfchar").is_some())
        .map(|(_, data)| to_unicode(data))
        .collect();
    assert!(!maps.is_empty(), "the PDF's fonts say which characters their glyphs are");
    let glyph_runs: Vec<Vec<u16>> =
        parts.iter().filter(|(_, data)| find(data, b" Tj").is_some()).map(|(_, data)| shown_glyphs(data)).collect();
    assert!(!glyph_runs.is_empty(), "the PDF shows text");
    let mut text = String::new();
    for map in &maps {
        for run in &glyph_runs {
            text.extend(run.iter().map(|glyph| map.get(glyph).map_or("\u{fffd}", String::as_str)));
            text.push('\n');
        }
    }
    text
}

/// `<0001> <4E2D>` pairs between `beginbfchar` and `endbfchar`.
fn to_unicode(cmap: &[u8]) -> HashMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    for block in text.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or_default();
        let hexes: Vec<&str> = block.split(['<', '>']).map(str::trim).filter(|s| !s.is_empty()).collect();
        for pair in hexes.chunks(2) {
            let glyph = u16::from_str_radix(pair[0], 16).expect("a glyph id");
            let units: Vec<u16> = pair[1]
                .as_bytes()
                .chunks(4)
                .map(|u| u16::from_str_radix(std::str::from_utf8(u).unwrap(), 16).unwrap())
                .collect();
            map.insert(glyph, String::from_utf16(&units).expect("UTF-16"));
        }
    }
    map
}

/// The glyph ids of every string shown (`<0012> Tj` or `(\000A) Tj`), in order.
fn shown_glyphs(content: &[u8]) -> Vec<u16> {
    let mut glyphs = Vec::new();
    let mut at = 0;
    while at < content.len() {
        let (bytes, next) = match content[at] {
            b'<' if content.get(at + 1) != Some(&b'<') => hex_string(content, at + 1),
            b'(' => literal_string(content, at + 1),
            _ => (Vec::new(), at + 1),
        };
        glyphs.extend(bytes.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_be_bytes([c[0], c[1]])));
        at = next;
    }
    glyphs
}

fn hex_string(content: &[u8], start: usize) -> (Vec<u8>, usize) {
    let end = start + content[start..].iter().position(|&b| b == b'>').expect("a hex string ends");
    let digits: Vec<u8> = content[start..end].iter().copied().filter(u8::is_ascii_hexdigit).collect();
    let bytes = digits.chunks(2).map(|d| u8::from_str_radix(std::str::from_utf8(d).unwrap(), 16).unwrap()).collect();
    (bytes, end + 1)
}

/// A literal string with its escapes (`\n`, `\(`, `\ddd` …) and nested parentheses.
fn literal_string(content: &[u8], start: usize) -> (Vec<u8>, usize) {
    let (mut bytes, mut depth, mut at) = (Vec::new(), 1, start);
    while at < content.len() {
        let byte = content[at];
        at += 1;
        match byte {
            b'\\' => {
                let escaped = content[at];
                at += 1;
                match escaped {
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(8),
                    b'f' => bytes.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(escaped - b'0');
                        for _ in 0..2 {
                            match content.get(at) {
                                Some(d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    at += 1;
                                }
                                _ => break,
                            }
                        }
                        bytes.push(value as u8);
                    }
                    other => bytes.push(other),
                }
            }
            b'(' => {
                depth += 1;
                bytes.push(byte);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                bytes.push(byte);
            }
            _ => bytes.push(byte),
        }
    }
    (bytes, at)
}

/// Every part of the XLSX archive, inflated.
fn xlsx_parts(xlsx: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an XLSX is a ZIP");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).expect("an entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("an entry inflates");
            (entry.name().expect("a part's name").to_string(), bytes)
        })
        .collect()
}

/// The same proof on a statement the ledger builds from a store: partner
/// A's files hold nothing of partner B (name, sub-union id, products, the
/// reason of B's adjustment, B's payment reference, B's WeChat id), nothing
/// of the group the orders came through, not the head's own orders, her
/// share of the month or the platform's commission on the partner's order.
#[tokio::test]
async fn a_statement_built_from_the_ledger_carries_nothing_of_another_partner_a_group_or_her_share() {
    use tuanzhang::model::{BizMonth, PartnerId, PayMethod, PayoutActor};
    use tuanzhang::payouts::{self, AdjustmentInput, PaymentInput, PlanInput};
    let dir = tempfile::tempdir().expect("dir");
    let key = tuanzhang::store::StoreKey::load_or_create(&tuanzhang::store::secrets::FileSecrets::new(dir.path()))
        .expect("key");
    let store = tuanzhang::store::Store::open(dir.path(), &key).await.expect("store");
    let pool = store.pool();
    let exec = |sql: &'static str| async move { sqlx::query(sql).execute(pool).await.expect(sql) };
    exec("INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (1, 'jd', 'http://127.0.0.1', 'k', 0)").await;
    exec(
        "INSERT INTO partners (id, name, role, sub_union_id, wechat, phone, created_at)
          VALUES (1, '甲Alpha伙伴', 'member', 'subAlphaQ7', 'wxAlphaSecret', '13900001111', 0),
                 (2, '乙Bravo伙伴', 'member', 'subBravoZ9', 'wxBravoSecret', '13900002222', 0)",
    )
    .await;
    exec("INSERT INTO groups (id, name, kind, created_at) VALUES (1, '查理独特群', 'sales', 0)").await;
    // Settled on 2026-10-20: A's 12.34, B's 86.42, and 97.53 of her own (no partner); A has one pending.
    exec("INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id,
              sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
              estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id,
              plus, valid_code, group_id, partner_id, sub_union_id)
          VALUES (11, 1, 777700001111, 0, 1789000000, 20260910, 1789000000, 1, '阿尔法洗衣液', 1, 0, 0, 1000, 1, 1000, 9000,
                  1000, 1234, 1000, 1234, 20261020, 1, 0, 17, 1, 1, 'subAlphaQ7'),
                 (12, 1, 888800002222, 0, 1789000000, 20260910, 1789000000, 1, '布拉沃纸巾', 1, 0, 0, 1000, 1, 1000, 9000,
                  1000, 8642, 1000, 8642, 20261020, 1, 0, 17, 1, 2, 'subBravoZ9'),
                 (13, 1, 999900003333, 0, 1789000000, 20260910, 1789000000, 1, '她自己的德尔塔', 1, 0, 0, 1000, 1, 1000, 9000,
                  1000, 9753, 1000, 9753, 20261020, 1, 0, 17, 1, NULL, NULL),
                 (14, 1, 777700004444, 0, 1792000000, 20261015, 1792000000, 1, '阿尔法柔顺剂', 1, 0, 0, 1000, 1, 1000, 9000,
                  1000, 500, 0, 0, NULL, 1, 0, 16, 1, 1, 'subAlphaQ7')").await;
    let today = BizDay::parse("2026-10-25").expect("day");
    let plan = PlanInput { own_rate: "50".into(), effective_from: Some(today), ..PlanInput::default() };
    payouts::set_plan(pool, &plan, PayoutActor::Cli, today, 1).await.expect("plan");
    let october = BizMonth::parse("2026-10").expect("month");
    let closed = payouts::close(pool, october, today, 2, PayoutActor::Cli).await.expect("close");
    assert_eq!(closed.hers.fen(), 1234 + 8642 + 9753 - 617 - 4321);
    let pay_b = PaymentInput {
        partner: PartnerId(2),
        amount: "43.21".into(),
        method: PayMethod::Bank,
        paid_on: Some(today),
        reference: "bravo-ref-77".into(),
        voucher: None,
        tax: String::new(),
        note: "布拉沃备注".into(),
        statement: None,
    };
    payouts::record_payment(pool, &pay_b, PayoutActor::Cli, 3, today).await.expect("B paid");
    let adjust_b =
        AdjustmentInput { partner: PartnerId(2), amount: "1.11".into(), reason: "布拉沃专属调整".into() };
    payouts::adjust(pool, &adjust_b, PayoutActor::Cli, 4).await.expect("B adjusted");

    let statement =
        payouts::partner_statement(pool, PartnerId(1), october, today, Lang::Zh).await.expect("A's statement");
    let mine = files(&statement);
    let shown: Vec<String> = ["甲Alpha伙伴", "阿尔法洗衣液", "阿尔法柔顺剂", "****1111"].map(String::from).to_vec();
    let forbidden: Vec<String> = [
        "乙Bravo伙伴",
        "subBravoZ9",
        "subAlphaQ7",
        "布拉沃纸巾",
        "布拉沃专属调整",
        "bravo-ref-77",
        "布拉沃备注",
        "wxBravoSecret",
        "wxAlphaSecret",
        "13900001111",
        "13900002222",
        "查理独特群",
        "她自己的德尔塔",
        "888800002222",
        "777700001111",
        "999900003333",
        "146.91",
        "196.29",
        "43.21",
        // The platform's commission on her own order: it would tell her the head's margin.
        "12.34",
    ]
    .map(String::from)
    .to_vec();
    assert_found_and_absent("SVG", &mine.svg, &shown, &forbidden);
    assert_found_and_absent("PDF text", &pdf_text(&mine.pdf), &shown[..3], &forbidden);
    for (what, bytes) in pdf_parts(&mine.pdf) {
        assert_absent_in_bytes(&what, &bytes, &forbidden);
    }
    for (name, bytes) in &xlsx_parts(&mine.xlsx) {
        assert_absent_in_bytes(name, bytes, &forbidden);
    }
    let strings = String::from_utf8_lossy(&xlsx_parts(&mine.xlsx)["xl/sharedStrings.xml"]).into_owned();
    assert!(strings.contains("阿尔法洗衣液"), "the XLSX search is not blind");
    store.close().await;
}
