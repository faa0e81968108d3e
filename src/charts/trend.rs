//! The trend: estimated vs settled commission per day.

use super::{legend, words, ChartError, ACTUAL_COLOR, ESTIMATE_COLOR};
use crate::earnings::{self, DayPoint};
use crate::model::Message;
use crate::model::{BizDay, Lang, Platform};
use plotters::prelude::*;
use sqlx::SqlitePool;

/// Estimated vs actual commission per day, in yuan, under `title`.
pub fn earnings_trend_svg(
    title: &str,
    points: &[DayPoint],
    lang: Lang,
    size: (u32, u32),
) -> Result<String, ChartError> {
    let [estimate_label, actual_label, y_label] =
        words(lang, ["chart.trend.estimate", "chart.trend.actual", "chart.trend.yuan"]);
    let yuan = |fen: i64| fen as f64 / 100.0;
    let top = points.iter().map(|p| yuan(p.estimate.fen().max(p.actual.fen()))).fold(0.0_f64, f64::max).max(1.0) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(ChartError::draw)?;
        let last = points.len().saturating_sub(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..last, 0.0..top)
            .map_err(ChartError::draw)?;
        let label_of = |x: &f64| {
            points.get(x.round() as usize).map(|p| p.day.date().format("%m-%d").to_string()).unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&label_of)
            .y_desc(y_label)
            .y_label_formatter(&|v| format!("{v:.0}"))
            // No fine grid: it was white on white, yet over a quarter of a PNG's time.
            .light_line_style(TRANSPARENT)
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(ChartError::draw)?;
        for (label, color, value) in [
            (estimate_label, ESTIMATE_COLOR, (|p: &DayPoint| p.estimate.fen()) as fn(&DayPoint) -> i64),
            (actual_label, ACTUAL_COLOR, |p: &DayPoint| p.actual.fen()),
        ] {
            chart
                .draw_series(LineSeries::new(
                    points.iter().enumerate().map(|(i, p)| (i as f64, yuan(value(p)))),
                    color.stroke_width(3),
                ))
                .map_err(ChartError::draw)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(ChartError::draw)?;
    }
    Ok(svg)
}

/// The window's trend chart: estimated vs actual commission over the last
/// `days` days, of `platform` or of all.
pub async fn trend(
    pool: &SqlitePool,
    platform: Option<Platform>,
    today: BizDay,
    days: u16,
    lang: Lang,
) -> Result<String, ChartError> {
    let points = earnings::daily_trend(pool, platform, today, i64::from(days)).await?;
    let title = Message::new("chart.trend.title").with("days", days).render(lang);
    earnings_trend_svg(&title, &points, lang, (960, 400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    #[test]
    fn draws_both_lines_with_localized_labels() {
        let first = BizDay::from_int(20261101).unwrap();
        let points: Vec<DayPoint> = (0..30)
            .map(|i| DayPoint {
                day: first.add_days(i),
                estimate: Money::from_fen(i * 1000),
                actual: Money::from_fen(i * 500),
            })
            .collect();
        let svg = earnings_trend_svg("近30天", &points, Lang::Zh, (900, 420)).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("预估佣金") && svg.contains("实际佣金"));
        assert!(svg.contains("11-01"));
        for color in ["#E65100", "#1565C0"] {
            let lines = svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(color)).count();
            assert_eq!(lines, 2, "one line and one legend mark in {color}");
        }
        let english = earnings_trend_svg("Last 30 days", &points, Lang::En, (900, 420)).unwrap();
        assert!(english.contains("Estimated"));
    }
}
