//! A chart's SVG rendered as PNG, so the file she sends shows what the window
//! showed. Its text is shaped with a CJK font found among the system's fonts
//! (Noto Sans CJK on Linux, PingFang on macOS, Microsoft YaHei on Windows),
//! with per-glyph fallback to any installed font that has the character, so
//! no Chinese character becomes a box. Without any CJK font the export says
//! so instead of writing boxes.

use super::ChartError;
use resvg::{tiny_skia, usvg};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// CJK families the common desktops ship or that users install, most wanted first.
const CJK_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "Heiti SC",
    "SimHei",
    "Noto Sans CJK JP",
];

/// The largest picture made: a 1080-wide card or a chart at 2×, with room.
const MAX_PIXELS: u64 = 4096 * 8192;

struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    cjk: Option<String>,
}

/// The system's fonts, read once: scanning them is the slow part of a first render.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        let cjk = CJK_FAMILIES
            .iter()
            .find(|want| db.faces().any(|face| in_family(face, want)))
            .map(|family| (*family).to_owned());
        if let Some(family) = &cjk {
            db.set_sans_serif_family(family.clone());
            map_once(&mut db, family);
        }
        tracing::info!(font = cjk.as_deref().unwrap_or("none"), "fonts for PNG export");
        Fonts { db: Arc::new(db), cjk }
    })
}

fn in_family(face: &usvg::fontdb::FaceInfo, family: &str) -> bool {
    face.families.iter().any(|(name, _)| name == family)
}

/// Keeps one mapping of the CJK family's files for the process. fontdb
/// otherwise opens and maps a font file on every read of it, several times
/// per glyph drawn: a third of a chart's render went to `open`, `mmap` and
/// `munmap`.
#[allow(unsafe_code)]
fn map_once(db: &mut usvg::fontdb::Database, family: &str) {
    let ids: Vec<_> = db.faces().filter(|face| in_family(face, family)).map(|face| face.id).collect();
    for id in ids {
        // SAFETY: the mapping is the one fontdb makes on each read anyway
        // (memmap-fonts), of a system font file the app never writes; it is
        // only kept open instead of being made again for every glyph.
        let _ = unsafe { db.make_shared_face_data(id) };
    }
}

/// The CJK family PNGs are drawn in, or `None` when the system has none.
pub fn cjk_font() -> Option<&'static str> {
    fonts().cjk.as_deref()
}

/// The languages text is shaped for, Chinese first.
pub const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// The CJK family and the files that hold its faces, for a renderer with a
/// font database of its own (a statement's PDF is drawn by svg2pdf, whose
/// usvg is an older release than resvg's); `NoCjkFont` as for a PNG.
pub fn cjk_font_files() -> Result<(&'static str, Vec<PathBuf>), ChartError> {
    let fonts = fonts();
    let family = fonts.cjk.as_deref().ok_or(ChartError::NoCjkFont)?;
    let mut files: Vec<PathBuf> = fonts
        .db
        .faces()
        .filter(|face| in_family(face, family))
        .filter_map(|face| match &face.source {
            usvg::fontdb::Source::File(path) | usvg::fontdb::Source::SharedFile(path, _) => Some(path.clone()),
            usvg::fontdb::Source::Binary(_) => None,
        })
        .collect();
    files.sort();
    files.dedup();
    Ok((family, files))
}

/// `svg` as PNG at `scale` (2.0 for a sharp picture on a phone).
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ChartError> {
    render(fonts(), svg, scale)
}

fn render(fonts: &Fonts, svg: &str, scale: f32) -> Result<Vec<u8>, ChartError> {
    if fonts.cjk.is_none() {
        return Err(ChartError::NoCjkFont);
    }
    let options = usvg::Options {
        fontdb: Arc::clone(&fonts.db),
        languages: LANGUAGES.map(str::to_owned).to_vec(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Svg(e.to_string()))?;
    let out_of_bounds =
        || ChartError::Size { width: tree.size().width() * scale, height: tree.size().height() * scale };
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(out_of_bounds)?;
    if u64::from(size.width()) * u64::from(size.height()) > MAX_PIXELS {
        return Err(out_of_bounds());
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(out_of_bounds)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    encode_opaque(&pixmap)
}

/// The picture as an RGB PNG with fast compression. Every pixel is opaque
/// (drawn over white), so the alpha channel carries nothing; tiny-skia's own
/// encoder keeps it and compresses harder, which took a third of a chart's
/// time (a 365-day trend at 2× is about 200 KB this way).
fn encode_opaque(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, ChartError> {
    use image::ImageEncoder as _;
    let rgb: Vec<u8> = pixmap.pixels().iter().flat_map(|pixel| [pixel.red(), pixel.green(), pixel.blue()]).collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(&rgb, pixmap.width(), pixmap.height(), image::ExtendedColorType::Rgb8)
    .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fonts without any face: enough for pictures that have no text.
    fn bare_fonts(cjk: Option<&str>) -> Fonts {
        Fonts { db: Arc::new(usvg::fontdb::Database::new()), cjk: cjk.map(str::to_owned) }
    }

    const PLAIN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="red"/></svg>"#;

    #[test]
    fn a_failing_render_says_why_with_its_key() {
        let no_font = render(&bare_fonts(None), PLAIN, 1.0).err();
        assert!(matches!(no_font, Some(ChartError::NoCjkFont)), "{no_font:?}");

        let fonts = bare_fonts(Some("Test Sans"));
        let unreadable = render(&fonts, "<svg", 1.0).err();
        assert!(matches!(unreadable, Some(ChartError::Svg(_))), "{unreadable:?}");
        assert_eq!(unreadable.map(|e| e.message().key), Some("chart.error.svg".to_owned()));

        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="5000"/>"#;
        let too_large = render(&fonts, huge, 2.0).err();
        assert!(matches!(too_large, Some(ChartError::Size { .. })), "{too_large:?}");
        let message = too_large.map(|e| e.message());
        assert_eq!(message.as_ref().map(|m| m.key.as_str()), Some("chart.error.size"));
        assert_eq!(message.and_then(|m| m.params.get("width").cloned()), Some("10000".to_owned()));

        let png = render(&fonts, PLAIN, 1.0);
        assert!(png.is_ok_and(|bytes| bytes.starts_with(b"\x89PNG")));
    }
}
