//! The earnings charts over a range, each from the same reports the window's
//! tables read (rollups only), drawn as one SVG that the PNG export renders;
//! of one platform or of all (`platform` `None`), as the reports are.

use super::bars::{bars_svg, Bar};
use super::heatmap::{heatmap_svg, Heatmap};
use super::trend::earnings_trend_svg;
use super::{words, ChartError, ACTUAL_COLOR};
use crate::earnings::report;
use crate::earnings::report_rows::{ReportBy, ReportRow};
use crate::earnings::{breakdowns, cohort, DayPoint};
use crate::model::{BizDay, Lang, Money, Platform};
use crate::model::{FormError, Message};
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChartKind {
    Trend,
    Groups,
    Partners,
    Status,
    Categories,
    Cohort,
    Hours,
}

/// Bars named one by one before the rest share one.
const TOP: usize = 10;
const WIDTH: u32 = 960;

/// The chart of `kind` over `range` (checked as a report's range is).
pub async fn draw(
    pool: &SqlitePool,
    platform: Option<Platform>,
    kind: ChartKind,
    range: (BizDay, BizDay),
    today: BizDay,
    lang: Lang,
) -> Result<String, ChartError> {
    let (from, to) = report::checked_range(range.0, range.1, today)?;
    let [empty] = words(lang, ["chart.empty"]);
    let svg = match kind {
        ChartKind::Trend => {
            let days = report::report(pool, platform, (from, to), ReportBy::Day, today).await?;
            let points: Vec<DayPoint> = days
                .rows
                .iter()
                .filter_map(|r| Some(DayPoint { day: r.drill?.from, estimate: r.estimate_fen, actual: r.settled_fen }))
                .collect();
            earnings_trend_svg(&title_for(lang, "chart.rangeTrend.title", (from, to)), &points, lang, (WIDTH, 420))
        }
        ChartKind::Groups | ChartKind::Partners | ChartKind::Categories => {
            let (by, title, rest_key) = match kind {
                ChartKind::Groups => (ReportBy::Group, "chart.groups.title", "chart.restGroups"),
                ChartKind::Partners => (ReportBy::Partner, "chart.partners.title", "chart.restPartners"),
                _ => (ReportBy::Category, "chart.categories.title", "chart.restCategories"),
            };
            let found = report::report(pool, platform, (from, to), by, today).await?;
            let bars = top_bars(&found.rows, by, lang, rest_key);
            bars_svg(&title_for(lang, title, (from, to)), &bars, &empty, WIDTH)
        }
        ChartKind::Status => {
            let bars = way_to_settled(pool, platform, (from, to), today, lang).await?;
            bars_svg(&title_for(lang, "chart.status.title", (from, to)), &bars, &empty, WIDTH)
        }
        ChartKind::Cohort => {
            let cohort = cohort::cohort(pool, platform, (from, to), today).await?;
            let [pending, lost] = words(lang, ["chart.cohort.pending", "chart.cohort.lost"]);
            let mut columns = cohort.paid_months.clone();
            columns.extend([pending, lost]);
            let map = Heatmap {
                title: title_for(lang, "chart.cohort.title", (from, to)),
                rows: cohort.rows.iter().map(|r| r.month.clone()).collect(),
                columns,
                cells: cohort
                    .rows
                    .iter()
                    .map(|r| r.settled_fen.iter().chain([&r.pending_fen, &r.lost_fen]).map(|m| m.fen()).collect())
                    .collect(),
                shade_by_row: true,
                show_amounts: true,
                empty: empty.clone(),
            };
            heatmap_svg(&map, WIDTH)
        }
        ChartKind::Hours => {
            let grid = breakdowns::hour_weekday_grid(pool, platform, (from, to)).await?;
            let any = grid.iter().flatten().any(|fen| *fen != 0);
            let map = Heatmap {
                title: title_for(lang, "chart.hours.title", (from, to)),
                rows: if any {
                    (1..=7).map(|d| Message::new(&format!("weekday.{d}")).render(lang)).collect()
                } else {
                    Vec::new()
                },
                columns: (0..24).map(|h| format!("{h}")).collect(),
                cells: grid.iter().map(|row| row.to_vec()).collect(),
                shade_by_row: false,
                show_amounts: false,
                empty: empty.clone(),
            };
            heatmap_svg(&map, WIDTH)
        }
    };
    svg
}

fn title_for(lang: Lang, key: &str, (from, to): (BizDay, BizDay)) -> String {
    Message::new(key).with("from", from).with("to", to).render(lang)
}

/// The first `TOP` lines as bars, the rest summed into one.
fn top_bars(rows: &[ReportRow], by: ReportBy, lang: Lang, rest_key: &str) -> Vec<Bar> {
    let named = rows.iter().filter(|r| r.drill.is_some());
    let mut bars: Vec<Bar> =
        named.clone().take(TOP).map(|r| Bar::new(r.label.render(lang), r.estimate_fen.fen())).collect();
    let rest: Vec<&ReportRow> =
        rows.iter().filter(|r| r.drill.is_some()).skip(TOP).chain(rows.iter().filter(|r| r.drill.is_none())).collect();
    if !rest.is_empty() {
        let fen = rest.iter().map(|r| r.estimate_fen.fen()).fold(0_i64, i64::saturating_add);
        let count = named.count().saturating_sub(TOP) + rest.iter().filter(|r| r.drill.is_none()).count();
        let mut bar = Bar::new(Message::new(rest_key).with("count", count).render(lang), fen);
        bar.color = RGBColor(150, 150, 150);
        bars.push(bar);
    }
    if by == ReportBy::Category {
        let total = bars.iter().map(|b| b.fen.max(0)).fold(0_i64, i64::saturating_add).max(1);
        for bar in &mut bars {
            bar.note = Some(format!("{:.0}%", bar.fen.max(0) as f64 * 100.0 / total as f64));
        }
    }
    bars
}

/// Estimated, then what refunds and invalidation took, what is still
/// pending and what has settled.
async fn way_to_settled(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: (BizDay, BizDay),
    today: BizDay,
    lang: Lang,
) -> Result<Vec<Bar>, FormError> {
    let found = report::report(pool, platform, range, ReportBy::Status, today).await?;
    let [estimated, refunded, invalidated, pending, settled] = words(
        lang,
        [
            "chart.status.estimated",
            "chart.status.refunded",
            "chart.status.invalidated",
            "chart.status.pending",
            "chart.status.settled",
        ],
    );
    let of = |key: i64| -> Money {
        found
            .rows
            .iter()
            .filter(|r| r.drill.is_some_and(|d| d.key == key))
            .map(|r| r.estimate_fen)
            .next()
            .unwrap_or(Money::ZERO)
    };
    let pending_fen = of(15).fen().saturating_add(of(16).fen()).saturating_add(of(17).fen());
    let settled_fen = found.total.settled_fen.fen();
    if found.losses.rows == 0 {
        return Ok(Vec::new());
    }
    let grey = RGBColor(160, 160, 160);
    Ok(vec![
        Bar::new(estimated, found.total.estimate_fen.fen()),
        Bar { color: grey, ..Bar::new(refunded, found.losses.refunded_fen.fen()) },
        Bar { color: grey, ..Bar::new(invalidated, found.losses.invalidated_fen.fen()) },
        Bar { color: RGBColor(249, 168, 37), ..Bar::new(pending, pending_fen) },
        Bar { color: ACTUAL_COLOR, ..Bar::new(settled, settled_fen) },
    ])
}
