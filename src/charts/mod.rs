//! Charts drawn with plotters as SVG; text is left to the webview's fonts, so Chinese needs no font files.

use crate::earnings::{self, DayPoint};
use crate::error::AppError;
use crate::error::Message;
use crate::groups;
use crate::model::BizDay;
pub use crate::model::Lang;
use plotters::prelude::*;
use sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart: {0}")]
pub struct ChartError(String);

/// Labels worded from the UI's catalogs, so a chart speaks the window's language.
fn words<const N: usize>(lang: Lang, keys: [&str; N]) -> [String; N] {
    keys.map(|key| Message::new(key).render(lang))
}

const ESTIMATE_COLOR: RGBColor = RGBColor(230, 81, 0);
const ACTUAL_COLOR: RGBColor = RGBColor(21, 101, 192);

/// The series legend both charts draw, in a light box at `position`.
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
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

/// Estimated vs actual commission per day, in yuan.
pub fn earnings_trend_svg(points: &[DayPoint], lang: Lang, size: (u32, u32)) -> Result<String, ChartError> {
    let [title, estimate_label, actual_label, y_label] =
        words(lang, ["chart.trend.title", "chart.trend.estimate", "chart.trend.actual", "chart.trend.yuan"]);
    let yuan = |fen: i64| fen as f64 / 100.0;
    let top = points.iter().map(|p| yuan(p.estimate.fen().max(p.actual.fen()))).fold(0.0_f64, f64::max).max(1.0) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError(e.to_string());
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let last = points.len().saturating_sub(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..last, 0.0..top)
            .map_err(|e| fail(&e))?;
        let label_of = |x: &f64| {
            points.get(x.round() as usize).map(|p| p.day.date().format("%m-%d").to_string()).unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&label_of)
            .y_desc(y_label)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(WHITE)
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(|e| fail(&e))?;
        for (label, color, value) in [
            (estimate_label, ESTIMATE_COLOR, (|p: &DayPoint| p.estimate.fen()) as fn(&DayPoint) -> i64),
            (actual_label, ACTUAL_COLOR, |p: &DayPoint| p.actual.fen()),
        ] {
            chart
                .draw_series(LineSeries::new(
                    points.iter().enumerate().map(|(i, p)| (i as f64, yuan(value(p)))),
                    color.stroke_width(3),
                ))
                .map_err(|e| fail(&e))?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}

/// One group on the size-against-conversion chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizePoint {
    pub members: i64,
    /// Orders per member over the chosen range.
    pub conversion: f64,
}

/// Member-count buckets of 100 and their average conversion: the step line
/// that shows where her own groups start converting worse.
pub fn bucket_averages(points: &[SizePoint]) -> Vec<(i64, f64)> {
    (0..5)
        .filter_map(|bucket| {
            let inside: Vec<f64> = points
                .iter()
                .filter(|p| p.members / 100 == bucket || (bucket == 4 && p.members == 500))
                .map(|p| p.conversion)
                .collect();
            (!inside.is_empty()).then(|| (bucket * 100 + 50, inside.iter().sum::<f64>() / inside.len() as f64))
        })
        .collect()
}

/// Each group as a dot (members, orders per member), the averages per 100
/// members as a line, and the 200-member mark.
pub fn size_conversion_svg(
    points: &[SizePoint],
    knee: i64,
    lang: Lang,
    size: (u32, u32),
) -> Result<String, ChartError> {
    let [title, x_label, y_label, average_label, knee_label] = words(
        lang,
        ["chart.size.title", "chart.size.members", "chart.size.perMember", "chart.size.average", "chart.size.knee"],
    );
    let top = points.iter().map(|p| p.conversion).fold(0.0_f64, f64::max).max(0.1) * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let fail = |e: &dyn std::fmt::Display| ChartError(e.to_string());
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(0i64..500i64, 0.0..top)
            .map_err(|e| fail(&e))?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .y_label_formatter(&|v| format!("{v:.2}"))
            .light_line_style(WHITE)
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.members.clamp(0, 500), p.conversion), 5, ACTUAL_COLOR.mix(0.6).filled())),
            )
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(LineSeries::new(bucket_averages(points), ESTIMATE_COLOR.stroke_width(3)))
            .map_err(|e| fail(&e))?
            .label(average_label)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ESTIMATE_COLOR.stroke_width(3)));
        chart
            .draw_series(LineSeries::new(vec![(knee, 0.0), (knee, top)], BLACK.mix(0.5).stroke_width(1)))
            .map_err(|e| fail(&e))?
            .label(knee_label)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.5).stroke_width(1)));
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(svg)
}

/// The window's trend chart: estimated vs actual commission over the last `days` days.
pub async fn trend(pool: &SqlitePool, today: BizDay, days: u16, lang: Lang) -> Result<String, AppError> {
    let points = earnings::daily_trend(pool, today, i64::from(days)).await?;
    earnings_trend_svg(&points, lang, (960, 400)).map_err(AppError::internal)
}

/// 群洞察's chart: each group's size against its orders per member from `from` to `today`.
pub async fn group_size(pool: &SqlitePool, from: BizDay, today: BizDay, lang: Lang) -> Result<String, AppError> {
    let stats = groups::compare(pool, from, today, today).await?;
    let points: Vec<SizePoint> = stats
        .iter()
        .filter_map(|s| Some(SizePoint { members: s.members?, conversion: s.orders_per_member? }))
        .collect();
    size_conversion_svg(&points, groups::KNEE_MEMBERS, lang, (900, 420)).map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BizDay, Money};

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
        let svg = earnings_trend_svg(&points, Lang::Zh, (900, 420)).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("预估佣金") && svg.contains("实际佣金"));
        assert!(svg.contains("11-01"));
        for color in ["#E65100", "#1565C0"] {
            let lines = svg.lines().filter(|l| l.starts_with("<polyline") && l.contains(color)).count();
            assert_eq!(lines, 2, "one line and one legend mark in {color}");
        }
        let english = earnings_trend_svg(&points, Lang::En, (900, 420)).unwrap();
        assert!(english.contains("Estimated"));
    }

    #[test]
    fn size_chart_averages_each_hundred_members_and_marks_the_knee() {
        let points = [
            SizePoint { members: 120, conversion: 0.5 },
            SizePoint { members: 180, conversion: 0.7 },
            SizePoint { members: 260, conversion: 0.2 },
            SizePoint { members: 500, conversion: 0.1 },
        ];
        assert_eq!(bucket_averages(&points), vec![(150, 0.6), (250, 0.2), (450, 0.1)]);
        let svg = size_conversion_svg(&points, 200, Lang::Zh, (800, 400)).unwrap();
        assert_eq!(svg.matches("<circle").count(), 4, "one dot per group");
        assert!(svg.contains("群规模与转化") && svg.contains("200 人"));
        assert!(size_conversion_svg(&[], 200, Lang::En, (800, 400)).unwrap().contains("Group size"));
    }
}
