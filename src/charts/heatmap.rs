//! A grid of amounts shaded by size: the cohort of order month ×
//! settlement month, and hour × weekday.

use super::{yuan_text, ChartError};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`, fen; a missing cell is 0.
    pub cells: Vec<Vec<i64>>,
    /// Shade each cell against its row's total (a cohort's share) rather than the largest cell.
    pub shade_by_row: bool,
    /// Write the amount in each cell (too small to read on a 24-column grid).
    pub show_amounts: bool,
    pub empty: String,
}

const HOT: RGBColor = RGBColor(230, 81, 0);

pub fn heatmap_svg(map: &Heatmap, width: u32) -> Result<String, ChartError> {
    let label_width = 110_i32;
    let top = 80_i32;
    let cell_height = 34_i32;
    let columns = map.columns.len().max(1) as i32;
    let cell_width = ((width as i32 - label_width - 24) / columns).max(8);
    let height = (top + cell_height * map.rows.len().max(2) as i32 + 24) as u32;
    let largest = map.cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(ChartError::draw)?;
        root.draw(&Text::new(map.title.clone(), (16, 16), ("sans-serif", 22).into_font().color(&BLACK)))
            .map_err(ChartError::draw)?;
        if map.rows.is_empty() {
            let style = ("sans-serif", 16).into_font().color(&BLACK.mix(0.6)).pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(map.empty.clone(), (width as i32 / 2, top + cell_height), style))
                .map_err(ChartError::draw)?;
        }
        let centered =
            |size: u32| ("sans-serif", size).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center));
        for (c, column) in map.columns.iter().enumerate() {
            let x = label_width + cell_width * c as i32 + cell_width / 2;
            root.draw(&Text::new(column.clone(), (x, top - 14), centered(13))).map_err(ChartError::draw)?;
        }
        for (r, row) in map.rows.iter().enumerate() {
            let y = top + cell_height * r as i32;
            let right = ("sans-serif", 14).into_font().color(&BLACK).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(row.clone(), (label_width - 8, y + cell_height / 2), right))
                .map_err(ChartError::draw)?;
            let cells = map.cells.get(r).map(Vec::as_slice).unwrap_or(&[]);
            let scale = if map.shade_by_row { cells.iter().map(|v| v.max(&0)).sum::<i64>().max(1) } else { largest };
            for c in 0..map.columns.len() {
                let fen = cells.get(c).copied().unwrap_or(0);
                let x = label_width + cell_width * c as i32;
                let share = (fen.max(0) as f64 / scale as f64).clamp(0.0, 1.0);
                let fill = if fen > 0 { HOT.mix(0.12 + 0.88 * share) } else { RGBColor(245, 245, 245).mix(1.0) };
                root.draw(&Rectangle::new([(x + 1, y + 1), (x + cell_width - 1, y + cell_height - 1)], fill.filled()))
                    .map_err(ChartError::draw)?;
                if map.show_amounts && fen != 0 {
                    let ink = if share > 0.55 { WHITE } else { BLACK };
                    let style = ("sans-serif", 12).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
                    root.draw(&Text::new(yuan_text(fen), (x + cell_width / 2, y + cell_height / 2), style))
                        .map_err(ChartError::draw)?;
                }
            }
        }
        root.present().map_err(ChartError::draw)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_row_and_column() {
        let map = Heatmap {
            title: "结算队列".into(),
            rows: vec!["2026-10".into(), "2026-11".into()],
            columns: vec!["2026-11".into(), "2026-12".into(), "待结算".into()],
            cells: vec![vec![100, 200, 0], vec![0, 300, 400]],
            shade_by_row: true,
            show_amounts: true,
            empty: "没有数据".into(),
        };
        let svg = heatmap_svg(&map, 900).unwrap();
        assert_eq!(svg.matches("<rect").count(), 1 + 6);
        assert!(svg.contains("¥4.00") && svg.contains("待结算"));
    }
}
