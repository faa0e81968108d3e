//! The statement as one SVG drawing, 1080 pixels wide for WeChat: the PNG
//! and the PDF are both made from it. Every text on it is escaped and
//! bounded, and its height is bounded by drawing at most `MAX_DRAWN_LINES`
//! lines (the XLSX holds them all).

use crate::charts::yuan_text;
use crate::model::{Lang, Message, Money, RatePct};
use crate::payouts::statement::{Statement, StatementLine, StatementLineKind};
use std::fmt::Write;

pub const WIDTH: u32 = 1080;
/// Lines drawn at most; past them one row says how many more the XLSX has.
const MAX_DRAWN_LINES: usize = 60;
/// Pending lines drawn at most.
const MAX_DRAWN_PENDING: usize = 20;
/// A product name is cut to this many characters (28 CJK characters fill a row).
const MAX_PRODUCT_CHARS: usize = 28;
const MAX_NAME_CHARS: usize = 24;
const MAX_NOTE_CHARS: usize = 20;
const MAX_CODE_CHARS: usize = 32;

const LEFT: u32 = 60;
const RIGHT: u32 = WIDTH - LEFT;
const HEADER_HEIGHT: u32 = 250;
const LINE_HEIGHT: u32 = 84;
const ROW_HEIGHT: u32 = 48;
/// The space kept between a line's title and its amount.
const GUTTER: u32 = 24;

pub fn statement_svg(statement: &Statement, lang: Lang) -> String {
    let mut page = Page { body: String::new(), y: HEADER_HEIGHT };
    header(&mut page, statement, lang);
    page.gap(70);
    page.label_and_amount(&Message::new("statement.opening").render(lang), statement.opening, 30, "#4E342E");
    lines(&mut page, statement, lang);
    totals(&mut page, statement, lang);
    pending(&mut page, statement, lang);
    page.gap(70);
    page.text(LEFT, 24, "#A1887F", "start", &Message::new("statement.footer").render(lang));
    page.finish()
}

fn header(page: &mut Page, statement: &Statement, lang: Lang) {
    let status = if statement.closed {
        Message::new("statement.closed").render(lang)
    } else {
        Message::new("statement.draft").render(lang)
    };
    let meta = Message::new("statement.meta")
        .with("month", bounded(&statement.month, MAX_CODE_CHARS))
        .with("number", bounded(&statement.number, MAX_CODE_CHARS))
        .with("status", status)
        .with("as_of", statement.as_of)
        .render(lang);
    let _ = write!(page.body, r##"<rect x="0" y="0" width="{WIDTH}" height="{HEADER_HEIGHT}" fill="#E65100"/>"##);
    page.text_at(LEFT, 100, 56, "#FFFFFF", "start", &Message::new("statement.title").render(lang));
    let name = bounded(&statement.partner_name, MAX_NAME_CHARS);
    page.text_at(LEFT, 165, 40, "#FFFFFF", "start", &fit(&name, RIGHT - LEFT, 40));
    page.text_at(LEFT, 220, 26, "#FFE0CC", "start", &fit(&meta, RIGHT - LEFT, 26));
}

fn lines(page: &mut Page, statement: &Statement, lang: Lang) {
    page.heading(&Message::new("statement.lines").render(lang));
    if statement.lines.is_empty() {
        page.row(&Message::new("statement.noLines").render(lang));
    }
    for line in statement.lines.iter().take(MAX_DRAWN_LINES) {
        page.two_rows(&line_title(line, lang), line.amount, &line_details(line, lang), "#4E342E");
    }
    let more = statement.lines.len().saturating_sub(MAX_DRAWN_LINES);
    if more > 0 {
        page.row(&Message::new("statement.more").with("count", more).render(lang));
    }
}

/// The product for order lines; the note (or what the line is) for the others.
fn line_title(line: &StatementLine, lang: Lang) -> String {
    match (&line.product, &line.note) {
        (Some(product), _) => bounded(product, MAX_PRODUCT_CHARS),
        (None, Some(note)) => format!("{} · {}", kind_word(line.kind, lang), bounded(note, MAX_PRODUCT_CHARS)),
        (None, None) => kind_word(line.kind, lang),
    }
}

/// The day, and for order lines what the title leaves out: the kind, the
/// order, what was paid and her rate, the note.
fn line_details(line: &StatementLine, lang: Lang) -> String {
    let mut parts = vec![line.day.to_string()];
    if line.product.is_some() {
        parts.push(kind_word(line.kind, lang));
    }
    parts.extend(line.order.as_deref().map(|order| order_words(order, lang)));
    if let (Some(paid), Some(rate)) = (line.paid, line.rate) {
        parts.push(paid_words(paid, rate, lang));
    }
    if line.product.is_some() {
        parts.extend(line.note.as_deref().map(|note| bounded(note, MAX_NOTE_CHARS)));
    }
    parts.join(" · ")
}

pub(super) fn kind_word(kind: StatementLineKind, lang: Lang) -> String {
    match kind {
        StatementLineKind::Commission => Message::new("statement.kind.commission"),
        StatementLineKind::Override => Message::new("statement.kind.override"),
        StatementLineKind::Reversal => Message::new("statement.kind.reversal"),
        StatementLineKind::Adjustment => Message::new("statement.kind.adjustment"),
        StatementLineKind::Payment => Message::new("statement.kind.payment"),
    }
    .render(lang)
}

fn order_words(order: &str, lang: Lang) -> String {
    Message::new("statement.order").with("order", bounded(order, MAX_CODE_CHARS)).render(lang)
}

fn paid_words(paid: Money, rate: RatePct, lang: Lang) -> String {
    Message::new("statement.paid").with("paid", yuan_text(paid.fen())).with("rate", rate).render(lang)
}

fn totals(page: &mut Page, statement: &Statement, lang: Lang) {
    page.heading(&Message::new("statement.totals").render(lang));
    let rows = [
        (Message::new("statement.earned"), statement.earned),
        (Message::new("statement.overrideShare"), statement.override_share),
        (Message::new("statement.reversed"), statement.reversed),
        (Message::new("statement.adjusted"), statement.adjusted),
        (Message::new("statement.paid"), statement.paid),
    ];
    for (label, amount) in rows {
        page.label_and_amount(&label.render(lang), amount, 28, "#4E342E");
    }
    page.label_and_amount(&Message::new("statement.closing").render(lang), statement.closing, 32, "#4E342E");
    page.label_and_amount(&Message::new("statement.payable").render(lang), statement.payable, 36, "#BF360C");
    if let Some(note) = rolls_over(statement, lang) {
        page.row(&note);
    }
}

/// "Below the minimum, carried over" when she is owed something but less than the minimum.
pub(super) fn rolls_over(statement: &Statement, lang: Lang) -> Option<String> {
    (statement.closing > Money::ZERO && statement.payable == Money::ZERO)
        .then(|| Message::new("statement.rollsOver").with("minimum", yuan_text(statement.minimum.fen())).render(lang))
}

fn pending(page: &mut Page, statement: &Statement, lang: Lang) {
    page.heading(&Message::new("statement.pending").render(lang));
    if statement.pending.is_empty() && statement.pending_more == 0 {
        page.row(&Message::new("statement.noPending").render(lang));
    }
    for line in statement.pending.iter().take(MAX_DRAWN_PENDING) {
        let details = [line.day.to_string(), order_words(&line.order, lang), paid_words(line.paid, line.rate, lang)];
        page.two_rows(&bounded(&line.product, MAX_PRODUCT_CHARS), line.amount, &details.join(" · "), "#8D6E63");
    }
    let more = statement.pending.len().saturating_sub(MAX_DRAWN_PENDING) as u64 + u64::from(statement.pending_more);
    if more > 0 {
        page.row(&Message::new("statement.pendingMore").with("count", more).render(lang));
    }
    page.label_and_amount(&Message::new("statement.pendingTotal").render(lang), statement.pending_total, 30, "#8D6E63");
}

/// The drawing so far and where the next row goes.
struct Page {
    body: String,
    y: u32,
}

impl Page {
    fn gap(&mut self, height: u32) {
        self.y += height;
    }

    /// A section's title with a rule under it.
    fn heading(&mut self, title: &str) {
        self.gap(90);
        let _ = write!(
            self.body,
            r##"<text x="{LEFT}" y="{}" font-family="sans-serif" font-size="32" font-weight="bold" fill="#E65100">{}</text>"##,
            self.y,
            escape(title)
        );
        let rule = self.y + 20;
        let _ = write!(
            self.body,
            r##"<line x1="{LEFT}" y1="{rule}" x2="{RIGHT}" y2="{rule}" stroke="#FFCCBC" stroke-width="2"/>"##
        );
        self.gap(20);
    }

    /// One row of small grey text.
    fn row(&mut self, text: &str) {
        self.gap(ROW_HEIGHT);
        self.text(LEFT, 24, "#8D6E63", "start", text);
    }

    fn label_and_amount(&mut self, label: &str, amount: Money, size: u32, fill: &str) {
        self.gap(ROW_HEIGHT.max(size + 16));
        self.text(LEFT, size, fill, "start", label);
        self.text(RIGHT, size, fill, "end", &yuan_text(amount.fen()));
    }

    /// A line: its title and amount, and under them its details.
    fn two_rows(&mut self, title: &str, amount: Money, details: &str, fill: &str) {
        let amount = yuan_text(amount.fen());
        let title_room = (RIGHT - LEFT).saturating_sub(width(&amount, 28) + GUTTER);
        self.gap(LINE_HEIGHT - 34);
        self.text(LEFT, 28, fill, "start", &fit(title, title_room, 28));
        self.text(RIGHT, 28, fill, "end", &amount);
        let details_y = self.y + 34;
        self.text_at(LEFT, details_y, 22, "#A1887F", "start", &fit(details, RIGHT - LEFT, 22));
        self.gap(34);
    }

    fn text(&mut self, x: u32, size: u32, fill: &str, anchor: &str, text: &str) {
        self.text_at(x, self.y, size, fill, anchor, text);
    }

    fn text_at(&mut self, x: u32, y: u32, size: u32, fill: &str, anchor: &str, text: &str) {
        // Writing to a String cannot fail.
        let _ = write!(
            self.body,
            r##"<text x="{x}" y="{y}" font-family="sans-serif" font-size="{size}" fill="{fill}" text-anchor="{anchor}">{}</text>"##,
            escape(text)
        );
    }

    fn finish(self) -> String {
        let height = self.y + 60;
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"><rect width="{WIDTH}" height="{height}" fill="#FFF7F0"/>{}</svg>"##,
            self.body
        )
    }
}

/// At most `max` characters of `text` (read no further), characters XML
/// cannot hold turned into spaces, and `…` where it was cut.
fn bounded(text: &str, max: usize) -> String {
    let unfit = |c: char| c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    let text = text.trim_matches(|c: char| c.is_whitespace() || unfit(c));
    let mut kept: Vec<char> = text.chars().take(max + 1).map(|c| if unfit(c) { ' ' } else { c }).collect();
    if kept.len() > max {
        kept.truncate(max.saturating_sub(1));
        kept.push('…');
    }
    kept.into_iter().collect()
}

/// `text` cut (with `…`) to what fits in `room` pixels at font `size`.
fn fit(text: &str, room: u32, size: u32) -> String {
    if width(text, size) <= room {
        return text.to_owned();
    }
    let mut used = width("…", size);
    let mut cut = String::new();
    for c in text.chars() {
        used += char_width(c, size);
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// An upper estimate of `text`'s width in pixels (texts here are bounded
/// to tens of characters, so the sum cannot overflow).
fn width(text: &str, size: u32) -> u32 {
    text.chars().map(|c| char_width(c, size)).sum()
}

/// A wide (CJK, full-width) character takes a whole em; the CJK fonts'
/// Latin letters and digits take about half of one.
fn char_width(c: char, size: u32) -> u32 {
    if c >= '\u{1100}' {
        size
    } else {
        size * 11 / 20
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payouts::statement_files::tests::sample;

    #[test]
    fn hostile_text_is_escaped_and_the_svg_still_parses() {
        let mut statement = sample();
        statement.partner_name = "<script>alert(1)</script> & \"小美\"".into();
        statement.lines[0].product = Some("A&B\u{0}\u{1b}\u{FFFF} <b>加粗</b>]]>".into());
        let svg = statement_svg(&statement, Lang::Zh);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;") && svg.contains("A&amp;B"));
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default());
        assert!(tree.is_ok(), "{:?}", tree.err());
    }

    #[test]
    fn long_names_are_cut_and_every_line_is_bounded() {
        let mut statement = sample();
        statement.lines[0].product = Some("长".repeat(200));
        let line = statement.lines[0].clone();
        statement.lines = vec![line; MAX_DRAWN_LINES + 15];
        let svg = statement_svg(&statement, Lang::Zh);
        let cut = format!("{}…", "长".repeat(MAX_PRODUCT_CHARS - 1));
        assert!(svg.contains(&format!(">{cut}<")), "cut to {MAX_PRODUCT_CHARS} characters");
        assert!(!svg.contains(&"长".repeat(MAX_PRODUCT_CHARS)));
        assert_eq!(svg.matches(&cut).count(), MAX_DRAWN_LINES);
        assert!(svg.contains("另有 15 条，见表格"), "{svg}");
        let more = statement_svg(&Statement { lines: statement.lines[..3].to_vec(), ..statement.clone() }, Lang::Zh);
        assert!(height(&svg) > height(&more), "the height grows with the lines");
        assert!(height(&svg) < 8192, "and is bounded: {}", height(&svg));
    }

    #[test]
    fn a_title_gives_way_to_its_amount() {
        let title = "长".repeat(MAX_PRODUCT_CHARS);
        assert_eq!(fit(&title, 2_000, 28), title);
        let cut = fit(&title, 500, 28);
        assert!(cut.ends_with('…') && width(&cut, 28) <= 500, "{cut}");

        let mut statement = sample();
        statement.lines[0].product = Some(title.clone());
        statement.lines[0].amount = Money::from_fen(-9_999_999_999);
        let svg = statement_svg(&statement, Lang::Zh);
        assert!(!svg.contains(&title), "a long name beside a large amount is cut further");
    }

    fn height(svg: &str) -> u32 {
        let rest = svg.split_once("height=\"").map(|(_, rest)| rest).unwrap_or_default();
        rest.split('"').next().and_then(|h| h.parse().ok()).unwrap_or(0)
    }

    #[test]
    fn money_is_exact_yuan_and_the_minimum_note_shows_only_when_it_rolls_over() {
        let mut statement = sample();
        statement.opening = Money::from_fen(-1_205);
        statement.closing = Money::from_fen(3_001);
        statement.payable = Money::ZERO;
        statement.minimum = Money::from_fen(5_000);
        let svg = statement_svg(&statement, Lang::Zh);
        assert!(svg.contains(">-¥12.05<") && svg.contains(">¥30.01<"), "{svg}");
        assert!(svg.contains("未达最低付款额 ¥50.00，结转下月"), "{svg}");
        assert!(svg.contains(&statement.as_of.to_string()));

        statement.payable = statement.closing;
        assert!(!statement_svg(&statement, Lang::Zh).contains("结转下月"));
        statement.closing = Money::from_fen(-100);
        statement.payable = Money::ZERO;
        assert!(!statement_svg(&statement, Lang::Zh).contains("结转下月"), "a debt is no rollover");
    }

    #[test]
    fn it_speaks_the_asked_language() {
        let statement = sample();
        let zh = statement_svg(&statement, Lang::Zh);
        assert!(zh.contains("分润对账单") && zh.contains("本单仅含你本人的分润明细") && zh.contains("已结账"));
        let en = statement_svg(&statement, Lang::En);
        assert!(!en.contains("分润对账单") && en.contains("Payout statement"), "{en}");
    }
}
