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

use crate::error::{AppError, ErrorCode};
pub use crate::model::Lang;
use crate::model::{FormError, Message};
use plotters::prelude::*;

/// Why a chart or its PNG could not be made. The shell turns it into the IPC
/// error (`From<ChartError> for AppError`), worded by `message()`.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The range or a figure was refused as a report refuses it.
    #[error(transparent)]
    Refused(#[from] FormError),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
    /// plotters could not draw into the SVG.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    /// Without a CJK font every Chinese character would be a box.
    #[error("no CJK font for the PNG")]
    NoCjkFont,
    #[error("cannot read the chart's SVG: {0}")]
    Svg(String),
    /// The picture at its scale is empty or over `png::MAX_PIXELS`.
    #[error("picture of {width}×{height} pixels is out of bounds")]
    Size { width: f32, height: f32 },
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

impl ChartError {
    pub(crate) fn draw(error: impl std::fmt::Display) -> ChartError {
        ChartError::Draw(error.to_string())
    }

    pub fn message(&self) -> Message {
        match self {
            ChartError::Refused(FormError::Invalid { message, .. } | FormError::Conflict { message, .. })
            | ChartError::Refused(FormError::NotFound(message)) => message.clone(),
            ChartError::Refused(FormError::Store(_)) | ChartError::Store(_) => Message::new("error.database"),
            ChartError::Draw(reason) => Message::new("chart.error.draw").with("reason", reason),
            ChartError::NoCjkFont => Message::new("chart.noCjkFont"),
            ChartError::Svg(reason) => Message::new("chart.error.svg").with("reason", reason),
            ChartError::Size { width, height } => {
                Message::new("chart.error.size").with("width", width.round()).with("height", height.round())
            }
            ChartError::Encode(reason) => Message::new("chart.error.encode").with("reason", reason),
        }
    }
}

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
        .map_err(ChartError::draw)
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

impl From<ChartError> for AppError {
    fn from(error: ChartError) -> AppError {
        match error {
            ChartError::Refused(error) => error.into(),
            ChartError::Store(error) => error.into(),
            other => {
                tracing::error!(error = %other, "chart failed");
                AppError::new(ErrorCode::Internal, other.message())
            }
        }
    }
}
