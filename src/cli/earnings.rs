//! `tuanzhang report`, `chart` and `share-card`: earnings from a terminal,
//! through the same engine and rollups as the window.

use super::{write_out, CliResult};
use clap::Args;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use tuanzhang::charts::{self, png, share_card, ChartKind, Lang};
use tuanzhang::earnings::report::{self, Report};
use tuanzhang::earnings::report_rows::ReportBy;
use tuanzhang::error::AppError;
use tuanzhang::model::{BizDay, Platform};

#[derive(Args)]
pub struct Range {
    /// yyyy-MM-dd, Beijing.
    #[arg(long)]
    from: String,
    /// yyyy-MM-dd, Beijing (a day after today is read as today).
    #[arg(long)]
    to: String,
    /// One platform's figures only; every platform's when left out.
    #[arg(long, value_enum)]
    platform: Option<PlatformArg>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PlatformArg {
    Jd,
    Pdd,
    Taobao,
}

impl From<PlatformArg> for Platform {
    fn from(platform: PlatformArg) -> Platform {
        match platform {
            PlatformArg::Jd => Platform::Jd,
            PlatformArg::Pdd => Platform::Pdd,
            PlatformArg::Taobao => Platform::Taobao,
        }
    }
}

impl Range {
    fn days(&self) -> Result<(BizDay, BizDay), String> {
        let day = |text: &str, flag: &str| {
            BizDay::parse(text).ok_or_else(|| format!("--{flag} {text:?}: write the day as yyyy-MM-dd"))
        };
        Ok((day(&self.from, "from")?, day(&self.to, "to")?))
    }

    fn platform(&self) -> Option<Platform> {
        self.platform.map(Platform::from)
    }
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    range: Range,
    #[arg(long, value_enum, default_value = "day")]
    by: ReportByArg,
    /// `total` and `rows`, each with `label`, `estimate_fen`, `settled_fen`,
    /// `orders` and `kind` (`line`, or a status block's `subtotal`).
    #[arg(long)]
    json: bool,
    /// The language labels are worded in.
    #[arg(long, default_value = "zh")]
    lang: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportByArg {
    Day,
    Week,
    Month,
    Group,
    Partner,
    Category,
    Status,
    Hour,
    Weekday,
    Platform,
}

impl From<ReportByArg> for ReportBy {
    fn from(by: ReportByArg) -> ReportBy {
        match by {
            ReportByArg::Day => ReportBy::Day,
            ReportByArg::Week => ReportBy::Week,
            ReportByArg::Month => ReportBy::Month,
            ReportByArg::Group => ReportBy::Group,
            ReportByArg::Partner => ReportBy::Partner,
            ReportByArg::Category => ReportBy::Category,
            ReportByArg::Status => ReportBy::Status,
            ReportByArg::Hour => ReportBy::Hour,
            ReportByArg::Weekday => ReportBy::Weekday,
            ReportByArg::Platform => ReportBy::Platform,
        }
    }
}

#[derive(Args)]
pub struct ChartArgs {
    kind: ChartArg,
    #[command(flatten)]
    range: Range,
    /// FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long, default_value = "zh")]
    lang: String,
    /// Replace FILE if it is already there.
    #[arg(long)]
    overwrite: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ChartArg {
    Trend,
    Groups,
    Partners,
    Status,
    Categories,
    Cohort,
    Hours,
}

impl From<ChartArg> for ChartKind {
    fn from(kind: ChartArg) -> ChartKind {
        match kind {
            ChartArg::Trend => ChartKind::Trend,
            ChartArg::Groups => ChartKind::Groups,
            ChartArg::Partners => ChartKind::Partners,
            ChartArg::Status => ChartKind::Status,
            ChartArg::Categories => ChartKind::Categories,
            ChartArg::Cohort => ChartKind::Cohort,
            ChartArg::Hours => ChartKind::Hours,
        }
    }
}

#[derive(Args)]
pub struct ShareCardArgs {
    #[command(flatten)]
    range: Range,
    /// Amounts rounded (约 ¥1,200) instead of exact.
    #[arg(long)]
    rounded: bool,
    /// FILE.png, 1080 pixels wide.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long, default_value = "zh")]
    lang: String,
    #[arg(long)]
    overwrite: bool,
}

pub async fn run_report(args: ReportArgs, pool: &SqlitePool, today: BizDay) -> CliResult {
    let found = report::report(pool, args.range.platform(), args.range.days()?, args.by.into(), today).await?;
    let lang = Lang::parse(&args.lang);
    if args.json {
        println!("{}", worded_json(&found, lang)?);
        return Ok(());
    }
    for row in &found.rows {
        println!("{}\t{}\t{}\t{}", row.label.render(lang), row.estimate_fen, row.settled_fen, row.orders);
    }
    let total = &found.total;
    println!("total\t{}\t{}\t{}", total.estimate_fen, total.settled_fen, total.orders);
    Ok(())
}

/// The report as JSON with each label worded in `lang`, as a script reads it.
fn worded_json(found: &Report, lang: Lang) -> Result<serde_json::Value, serde_json::Error> {
    let mut json = serde_json::to_value(found)?;
    for (slot, row) in [("total", &found.total), ("previous", &found.previous)] {
        json[slot]["label"] = row.label.render(lang).into();
    }
    if let Some(rows) = json["rows"].as_array_mut() {
        for (line, row) in rows.iter_mut().zip(&found.rows) {
            line["label"] = row.label.render(lang).into();
        }
    }
    Ok(json)
}

enum Format {
    Svg,
    Png,
}

fn format_of(path: &Path) -> Result<Format, String> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(format!("--out {}: name the file .svg or .png", path.display())),
    }
}

pub async fn run_chart(args: ChartArgs, pool: &SqlitePool, today: BizDay) -> CliResult {
    let format = format_of(&args.out)?;
    let (platform, range) = (args.range.platform(), args.range.days()?);
    let svg = charts::draw(pool, platform, args.kind.into(), range, today, Lang::parse(&args.lang))
        .await
        .map_err(AppError::from)?;
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => png::svg_to_png(&svg, 2.0).map_err(AppError::from)?,
    };
    write_out(&args.out, &bytes, args.overwrite)?;
    println!("{}", args.out.display());
    Ok(())
}

pub async fn run_share_card(args: ShareCardArgs, pool: &SqlitePool, today: BizDay) -> CliResult {
    if !matches!(format_of(&args.out)?, Format::Png) {
        return Err(format!("--out {}: the share card is a .png", args.out.display()).into());
    }
    let range = args.range.days()?;
    let platform = args.range.platform();
    let png = share_card::share_card_png(pool, platform, range, args.rounded, today, Lang::parse(&args.lang))
        .await
        .map_err(AppError::from)?;
    write_out(&args.out, &png, args.overwrite)?;
    println!("{}", args.out.display());
    Ok(())
}
