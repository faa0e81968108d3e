//! Chart benchmark: the trend of 365 days drawn as SVG (target ≤ 5 ms p95)
//! and rendered as PNG (target ≤ 20 ms p95), beside a bar chart and a
//! heatmap as PNG, and the share card's drawing; each PNG is set against
//! its own SVG in the same run.
//! Drawing reads no store, so this runs in seconds:
//! `cargo bench -p tuanzhang --bench charts`.

use std::time::Instant;
use tuanzhang::charts::share_card::{card_svg, CardFigures};
use tuanzhang::charts::{self, Bar, Heatmap, Lang};
use tuanzhang::earnings::DayPoint;
use tuanzhang::model::{BizDay, Money};

const DAYS: i64 = 365;
const RUNS: usize = 40;

fn p95(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[(ms.len() * 95).div_ceil(100) - 1]
}

/// `f`'s p95 in milliseconds over `RUNS` runs, after one to warm up.
fn time<T>(label: &str, target: &str, mut f: impl FnMut() -> T) -> f64 {
    f();
    let ms: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let p = p95(ms);
    println!("  {label}: {p:>7.2} ms p95 ({target})");
    p
}

/// `svg` as SVG and as PNG at 1× and 2×, with the PNG / SVG ratio.
fn svg_and_png(name: &str, svg_target: &str, png_target: &str, draw: impl Fn() -> String) {
    let svg = draw();
    let svg_ms = time(&format!("{name} as SVG"), svg_target, &draw);
    let png_ms = time(&format!("{name} as PNG"), png_target, || charts::png::svg_to_png(&svg, 1.0).expect("png"));
    time(&format!("{name} as PNG at 2× (what 收益 saves)"), "no target", || {
        charts::png::svg_to_png(&svg, 2.0).expect("png")
    });
    let bytes = charts::png::svg_to_png(&svg, 2.0).expect("png").len();
    println!("  {name}: PNG / SVG {:.1}x; {} KB at 2×", png_ms / svg_ms.max(0.001), bytes / 1024);
}

fn main() {
    // A fixed day: the figures must not depend on when the bench runs.
    let last = BizDay::parse("2026-11-30").expect("day");
    let points: Vec<DayPoint> = (0..DAYS)
        .map(|i| DayPoint {
            day: last.add_days(i - DAYS + 1),
            estimate: Money::from_fen(80_000 + (i * 7919) % 40_000),
            actual: Money::from_fen(60_000 + (i * 104_729) % 30_000),
        })
        .collect();
    // The system's fonts are read once per process; the first PNG pays for it.
    let started = Instant::now();
    let first = charts::earnings_trend_svg("预估与结算佣金", &points, Lang::Zh, (960, 420)).expect("svg");
    charts::png::svg_to_png(&first, 2.0).expect("png");
    println!("charts: first PNG of the run, fonts read: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);

    svg_and_png("trend of 365 days (960 × 420)", "target ≤ 5 ms", "target ≤ 20 ms", || {
        charts::earnings_trend_svg("预估与结算佣金", &points, Lang::Zh, (960, 420)).expect("svg")
    });
    let bars: Vec<Bar> = (0..11).map(|i| Bar::new(format!("宝妈福利{i}群"), 500_000 - i * 31_000)).collect();
    svg_and_png("top 10 groups and the rest as bars", "no target", "no target", || {
        charts::bars_svg("按群预估佣金", &bars, "没有订单", 960).expect("svg")
    });
    let hours = Heatmap {
        title: "几点出单：星期 × 小时".to_owned(),
        rows: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"].map(str::to_owned).to_vec(),
        columns: (0..24).map(|h| format!("{h}")).collect(),
        cells: (0..7).map(|d| (0..24).map(|h| (d * 24 + h) * 997 % 50_000).collect()).collect(),
        shade_by_row: false,
        show_amounts: false,
        empty: "没有订单".to_owned(),
    };
    svg_and_png("weekday × hour heatmap", "no target", "no target", || charts::heatmap_svg(&hours, 960).expect("svg"));
    // The card's figures come from the report by day (its read is measured
    // by the earnings bench at 3M rows); this is its drawing.
    let card = CardFigures {
        platform: None,
        from: last.add_days(-29),
        to: last,
        estimate: Money::from_fen(2_345_678),
        settled: Money::from_fen(1_234_500),
        orders: 1_234,
        trend: points[points.len() - 30..].iter().map(|p| p.estimate).collect(),
    };
    let card_svg_ms = time("share card (1080 × 1350) as SVG", "no target", || card_svg(&card, false, Lang::Zh));
    let svg = card_svg(&card, false, Lang::Zh);
    let card_png_ms = time("share card as PNG", "with its read, target ≤ 100 ms", || {
        charts::png::svg_to_png(&svg, 1.0).expect("png")
    });
    println!("  share card: PNG / SVG {:.1}x", card_png_ms / card_svg_ms.max(0.001));
}
