//! 群洞察's chart: each group's size against its orders per member.

use super::{legend, words, ChartError, ACTUAL_COLOR, ESTIMATE_COLOR};
use crate::groups;
use crate::model::{BizDay, Lang};
use plotters::prelude::*;
use sqlx::SqlitePool;

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
        root.fill(&WHITE).map_err(ChartError::draw)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(0i64..500i64, 0.0..top)
            .map_err(ChartError::draw)?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .y_label_formatter(&|v| format!("{v:.2}"))
            .light_line_style(TRANSPARENT)
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(ChartError::draw)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.members.clamp(0, 500), p.conversion), 5, ACTUAL_COLOR.mix(0.6).filled())),
            )
            .map_err(ChartError::draw)?;
        chart
            .draw_series(LineSeries::new(bucket_averages(points), ESTIMATE_COLOR.stroke_width(3)))
            .map_err(ChartError::draw)?
            .label(average_label)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ESTIMATE_COLOR.stroke_width(3)));
        chart
            .draw_series(LineSeries::new(vec![(knee, 0.0), (knee, top)], BLACK.mix(0.5).stroke_width(1)))
            .map_err(ChartError::draw)?
            .label(knee_label)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.5).stroke_width(1)));
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(ChartError::draw)?;
    }
    Ok(svg)
}

/// 群洞察's chart: each group's size against its orders per member from `from` to `today`.
pub async fn group_size(pool: &SqlitePool, from: BizDay, today: BizDay, lang: Lang) -> Result<String, ChartError> {
    let stats = groups::compare(pool, from, today, today).await?;
    let points: Vec<SizePoint> = stats
        .iter()
        .filter_map(|s| Some(SizePoint { members: s.members?, conversion: s.orders_per_member? }))
        .collect();
    size_conversion_svg(&points, groups::KNEE_MEMBERS, lang, (900, 420))
}

#[cfg(test)]
mod tests {
    use super::*;

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
