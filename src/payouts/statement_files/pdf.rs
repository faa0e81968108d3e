//! The statement's drawing as a PDF by svg2pdf: vectors, its text kept as
//! text in the CJK family the PNG is drawn in, embedded as a subset with a
//! ToUnicode map (so a reader can search and copy it). svg2pdf reads the SVG
//! with its own usvg, an older release than resvg's, so it gets a font
//! database of its own holding only that family's files.

use super::{statement_svg, StatementFileError};
use crate::charts::{png, ChartError};
use crate::model::Lang;
use crate::payouts::statement::Statement;
use std::sync::{Arc, OnceLock};
use svg2pdf::usvg;

pub fn statement_pdf(statement: &Statement, lang: Lang) -> Result<Vec<u8>, StatementFileError> {
    svg_to_pdf(fonts()?, &statement_svg(statement, lang))
}

/// The CJK family's files, read once; the PNG's error when there is none.
fn fonts() -> Result<&'static Arc<usvg::fontdb::Database>, StatementFileError> {
    static FONTS: OnceLock<Option<Arc<usvg::fontdb::Database>>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let (family, files) = png::cjk_font_files().ok()?;
        let mut db = usvg::fontdb::Database::new();
        for file in &files {
            if let Err(error) = db.load_font_file(file) {
                tracing::warn!(%error, file = %file.display(), "font for the PDF not read");
            }
        }
        db.set_sans_serif_family(family);
        (!db.is_empty()).then(|| Arc::new(db))
    });
    fonts.as_ref().ok_or(StatementFileError::Chart(ChartError::NoCjkFont))
}

fn svg_to_pdf(fonts: &Arc<usvg::fontdb::Database>, svg: &str) -> Result<Vec<u8>, StatementFileError> {
    let options = usvg::Options {
        fontdb: Arc::clone(fonts),
        languages: png::LANGUAGES.map(str::to_owned).to_vec(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| StatementFileError::Pdf(e.to_string()))?;
    // One pixel of the drawing is one point of the page.
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|e| StatementFileError::Pdf(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payouts::statement_files::tests::sample;

    #[test]
    fn the_pdf_is_one_page_the_size_of_the_drawing() {
        let fonts = fonts().expect("a CJK font on this system, as for the PNG tests");
        let svg = statement_svg(&sample(), Lang::Zh);
        let pdf = svg_to_pdf(fonts, &svg).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(), 1, "one page");
        let height = svg.split("height=\"").nth(1).and_then(|h| h.split('"').next()).unwrap();
        assert!(text.contains(&format!("/MediaBox [0 0 1080 {height}]")), "{height}");
        assert!(text.contains("/FontFile"), "the font is embedded");
    }

    #[test]
    fn an_unreadable_drawing_is_refused_with_its_key() {
        let error = svg_to_pdf(&Arc::new(usvg::fontdb::Database::new()), "<svg").err();
        assert_eq!(error.map(|e| e.message().key), Some("statement.error.pdf".to_owned()));
    }
}
