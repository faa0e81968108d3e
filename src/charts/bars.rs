//! Horizontal bars with a label and an amount each: top groups, top
//! partners, category shares and the way from estimated to settled. Drawn
//! on the area directly, so long Chinese names get a column of their own.

use super::{yuan_text, ChartError, ESTIMATE_COLOR};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub fen: i64,
    /// Written after the amount, e.g. a share "32%".
    pub note: Option<String>,
    pub color: RGBColor,
}

impl Bar {
    pub fn new(label: impl Into<String>, fen: i64) -> Bar {
        Bar { label: label.into(), fen, note: None, color: ESTIMATE_COLOR }
    }
}

/// Labels longer than this are cut with "…" so the bars keep their room.
const LABEL_CHARS: usize = 14;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        label.chars().take(LABEL_CHARS - 1).chain(std::iter::once('…')).collect()
    }
}

/// One bar per entry, top to bottom; `empty` is written when there is none.
pub fn bars_svg(title: &str, bars: &[Bar], empty: &str, width: u32) -> Result<String, ChartError> {
    let row = 34_i32;
    let top_margin = 56_i32;
    let height = (top_margin + row * bars.len().max(2) as i32 + 24) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(ChartError::draw)?;
        root.draw(&Text::new(title.to_owned(), (16, 16), ("sans-serif", 22).into_font().color(&BLACK)))
            .map_err(ChartError::draw)?;
        if bars.is_empty() {
            let style = ("sans-serif", 16).into_font().color(&BLACK.mix(0.6)).pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(empty.to_owned(), (width as i32 / 2, top_margin + row), style))
                .map_err(ChartError::draw)?;
        }
        let label_width = 190_i32;
        let value_width = 170_i32;
        let span = (width as i32 - label_width - value_width - 32).max(40);
        let largest = bars.iter().map(|b| b.fen.max(0)).max().unwrap_or(0).max(1);
        for (i, bar) in bars.iter().enumerate() {
            let y = top_margin + row * i as i32;
            let label_style = ("sans-serif", 15).into_font().color(&BLACK).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(short(&bar.label), (label_width, y + row / 2), label_style))
                .map_err(ChartError::draw)?;
            let length = (i128::from(bar.fen.max(0)) * i128::from(span) / i128::from(largest)) as i32;
            let x0 = label_width + 10;
            root.draw(&Rectangle::new([(x0, y + 6), (x0 + length.max(1), y + row - 6)], bar.color.filled()))
                .map_err(ChartError::draw)?;
            let value = match &bar.note {
                Some(note) => format!("{}  {note}", yuan_text(bar.fen)),
                None => yuan_text(bar.fen),
            };
            let value_style =
                ("sans-serif", 14).into_font().color(&BLACK.mix(0.8)).pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(value, (x0 + length.max(1) + 8, y + row / 2), value_style))
                .map_err(ChartError::draw)?;
        }
        root.present().map_err(ChartError::draw)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_entry_with_names_as_text_never_markup() {
        let bars = [Bar::new("<script>alert(1)</script>", 12_345), Bar::new("宝妈好物1群", 5_000)];
        let svg = bars_svg("按群", &bars, "没有数据", 900).unwrap();
        assert_eq!(svg.matches("<rect").count(), 3, "the background and one per bar");
        assert!(!svg.contains("<script>"), "a name is text, not markup");
        assert!(
            svg.contains("¥123.45")
                && bars_svg("", &[Bar::new("x", 123_456_789)], "", 900).unwrap().contains("¥1,234,567.89")
                && svg.contains("宝妈好物1群")
        );
        assert!(bars_svg("按群", &[], "没有数据", 900).unwrap().contains("没有数据"));
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(short("一二三四五六七八九十一二三四五六"), "一二三四五六七八九十一二三…");
        assert_eq!(short("短"), "短");
    }
}
