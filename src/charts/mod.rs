//! Charts drawn with plotters as SVG. The window shows the SVG (its text in
//! the webview's fonts); a PNG is the same SVG rendered with a CJK font
//! found on the system (`png`).

mod bars;
mod earnings;
mod heatmap;
pub mod png;
pub mod share_card;
mod size;
mod trend;

pub use bars::{bars_svg, Bar};
pub use earnings::{draw, ChartKind};
pub use heatmap::{heatmap_svg, Heatmap};
pub use size::{bucket_averages, group_size, size_conversion_svg, SizePoint};
pub use trend::{earnings_trend_svg, trend};

use crate::error::Message;
pub use crate::model::Lang;
use plotters::prelude::*;

#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart: {0}")]
pub struct ChartError(pub(crate) String);

/// Labels worded from the UI's catalogs, so a chart speaks the window's language.
pub(crate) fn words<const N: usize>(lang: Lang, keys: [&str; N]) -> [String; N] {
    keys.map(|key| Message::new(key).render(lang))
}

pub(crate) const ESTIMATE_COLOR: RGBColor = RGBColor(230, 81, 0);
pub(crate) const ACTUAL_COLOR: RGBColor = RGBColor(21, 101, 192);

/// The series legend both charts draw, in a light box at `position`.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|e| ChartError(e.to_string()))
}

/// `1234567` as `1,234,567`.
pub(crate) fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

/// An amount as charts write it: `¥1,234.56`.
pub(crate) fn yuan_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}¥{}.{:02}", grouped((fen / 100).abs()), (fen % 100).abs())
}
