//! 晒收入: a 1080-pixel-wide card for WeChat with her totals over a range
//! and a small trend. It is drawn from numbers and the period alone: no
//! partner's or group's name, contact, sub-union id or order id is ever
//! handed to it, so none can reach the pixels or the file. Its figures are
//! of one platform or of all (`platform` `None`).

use super::{grouped, yuan_text, ChartError};
use crate::earnings::report;
use crate::earnings::report_rows::ReportBy;
use crate::model::Message;
use crate::model::{BizDay, Lang, Money, Platform};
use sqlx::SqlitePool;
use std::fmt::Write;

pub const CARD_WIDTH: u32 = 1080;
const CARD_HEIGHT: u32 = 1350;

#[derive(Debug, Clone, PartialEq)]
pub struct CardFigures {
    /// The platform the figures are of; `None` for all.
    pub platform: Option<Platform>,
    pub from: BizDay,
    pub to: BizDay,
    pub estimate: Money,
    pub settled: Money,
    pub orders: i64,
    /// Estimated commission per day, oldest first.
    pub trend: Vec<Money>,
}

/// `¥1,234.56`, or rounded: `约 ¥1,200` (hundreds from ¥1,000, tens below).
pub fn amount_text(fen: Money, rounded: bool, lang: Lang) -> String {
    let yuan = fen.fen() / 100;
    if rounded {
        let step = if yuan.abs() >= 1000 { 100 } else { 10 };
        let near = (yuan + step / 2).div_euclid(step) * step;
        Message::new("share.about").with("amount", format!("¥{}", grouped(near))).render(lang)
    } else {
        yuan_text(fen.fen())
    }
}

/// The card as SVG; every text on it is a number, a day or a fixed word.
pub fn card_svg(figures: &CardFigures, rounded: bool, lang: Lang) -> String {
    let word = |key: &str| Message::new(key).render(lang);
    let period = Message::new("share.period").with("from", figures.from).with("to", figures.to).render(lang);
    let mut svg = String::new();
    let (w, h) = (CARD_WIDTH, CARD_HEIGHT);
    // Writing to a String cannot fail.
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<rect width="{w}" height="{h}" fill="#FFF7F0"/>
<rect x="0" y="0" width="{w}" height="260" fill="#E65100"/>
<text x="80" y="130" font-family="sans-serif" font-size="64" fill="#FFFFFF">{title}</text>
<text x="80" y="205" font-family="sans-serif" font-size="36" fill="#FFE0CC">{period}</text>
<text x="80" y="380" font-family="sans-serif" font-size="38" fill="#6D4C41">{estimate_label}</text>
<text x="80" y="500" font-family="sans-serif" font-size="110" fill="#BF360C">{estimate}</text>
<text x="80" y="620" font-family="sans-serif" font-size="38" fill="#6D4C41">{settled_label}</text>
<text x="80" y="710" font-family="sans-serif" font-size="72" fill="#1565C0">{settled}</text>
<text x="600" y="620" font-family="sans-serif" font-size="38" fill="#6D4C41">{orders_label}</text>
<text x="600" y="710" font-family="sans-serif" font-size="72" fill="#4E342E">{orders}</text>
"##,
        title = escape(&word("share.title")),
        period = escape(&period),
        estimate_label = escape(&word("share.estimate")),
        estimate = escape(&amount_text(figures.estimate, rounded, lang)),
        settled_label = escape(&word("share.settled")),
        settled = escape(&amount_text(figures.settled, rounded, lang)),
        orders_label = escape(&word("share.orders")),
        orders = figures.orders,
    );
    trend_path(&mut svg, &figures.trend);
    let _ = write!(
        svg,
        r##"<text x="80" y="1290" font-family="sans-serif" font-size="30" fill="#A1887F">{footer}</text>
</svg>"##,
        footer = escape(&word(match figures.platform {
            None => "share.footer",
            Some(Platform::Jd) => "share.footer.jd",
            Some(Platform::Pdd) => "share.footer.pdd",
            Some(Platform::Taobao) => "share.footer.taobao",
        })),
    );
    svg
}

/// The small trend: a line over the days, in the lower third.
fn trend_path(svg: &mut String, trend: &[Money]) {
    let (left, right, top, bottom) = (80.0, 1000.0, 820.0, 1180.0);
    let _ = write!(
        svg,
        r##"<rect x="{left}" y="{top}" width="{}" height="{}" rx="24" fill="#FFFFFF"/>"##,
        right - left,
        bottom - top
    );
    let largest = trend.iter().map(|m| m.fen()).max().unwrap_or(0).max(1) as f64;
    let step = if trend.len() > 1 { (right - left - 80.0) / (trend.len() - 1) as f64 } else { 0.0 };
    let points: Vec<(f64, f64)> = trend
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = left + 40.0 + step * i as f64;
            (x, bottom - 40.0 - (m.fen().max(0) as f64 / largest) * (bottom - top - 80.0))
        })
        .collect();
    match points.as_slice() {
        [] => {}
        [(x, y)] => {
            let _ = write!(svg, r##"<circle cx="{x:.1}" cy="{y:.1}" r="8" fill="#E65100"/>"##);
        }
        _ => {
            let line: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = write!(
                svg,
                r##"<polyline points="{}" fill="none" stroke="#E65100" stroke-width="6" stroke-linejoin="round"/>"##,
                line.join(" ")
            );
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Her figures over `range`, from the report by day.
pub async fn figures(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: (BizDay, BizDay),
    today: BizDay,
) -> Result<CardFigures, ChartError> {
    let days = report::report(pool, platform, range, ReportBy::Day, today).await?;
    Ok(CardFigures {
        platform,
        from: days.from,
        to: days.to,
        estimate: days.total.estimate_fen,
        settled: days.total.settled_fen,
        orders: days.total.orders,
        trend: days.rows.iter().map(|r| r.estimate_fen).collect(),
    })
}

/// The card as PNG, 1080 pixels wide.
pub async fn share_card_png(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: (BizDay, BizDay),
    rounded: bool,
    today: BizDay,
    lang: Lang,
) -> Result<Vec<u8>, ChartError> {
    let figures = figures(pool, platform, range, today).await?;
    let svg = card_svg(&figures, rounded, lang);
    super::png::svg_to_png(&svg, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_or_rounded() {
        assert_eq!(amount_text(Money::from_fen(123_456), false, Lang::Zh), "¥1,234.56");
        assert_eq!(amount_text(Money::from_fen(123_456), true, Lang::Zh), "约 ¥1,200");
        assert_eq!(amount_text(Money::from_fen(45_678), true, Lang::Zh), "约 ¥460");
        assert_eq!(amount_text(Money::from_fen(5), false, Lang::En), "¥0.05");
    }
}
