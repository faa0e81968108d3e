//! A partner's statement as files she can read: a PNG for WeChat and a PDF,
//! both from one SVG drawing (`svg`), and an XLSX with every line. They are
//! drawn from the `Statement` alone, whose every field may reach the
//! partner, so nothing else can reach the files.

mod pdf;
mod svg;
mod xlsx;

pub use pdf::statement_pdf;
pub use svg::{statement_svg, WIDTH};
pub use xlsx::statement_xlsx;

use crate::charts::{png, ChartError};
use crate::error::{AppError, ErrorCode};
use crate::model::{Lang, Message};
use crate::payouts::statement::Statement;
use crate::store::atomic::{self, Existing};
use std::path::Path;

/// The file kinds a statement is written as, named by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementFormat {
    Png,
    Pdf,
    Xlsx,
}

impl StatementFormat {
    /// The format `path`'s extension names (in any case); anything else is refused.
    pub fn of(path: &Path) -> Result<StatementFormat, StatementFileError> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "png" => Ok(StatementFormat::Png),
            "pdf" => Ok(StatementFormat::Pdf),
            "xlsx" => Ok(StatementFormat::Xlsx),
            _ => Err(StatementFileError::Format { ext: ext.chars().take(16).collect() }),
        }
    }
}

/// Why a statement's file could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum StatementFileError {
    /// The PNG's rendering, or no CJK font for the PNG or the PDF.
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("cannot make the PDF: {0}")]
    Pdf(String),
    #[error("cannot make the XLSX: {0}")]
    Xlsx(String),
    #[error("a statement is not written as {ext:?}")]
    Format { ext: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

impl StatementFileError {
    pub fn message(&self) -> Message {
        match self {
            StatementFileError::Chart(error) => error.message(),
            StatementFileError::Pdf(reason) => Message::new("statement.error.pdf").with("reason", reason),
            StatementFileError::Xlsx(reason) => Message::new("statement.error.xlsx").with("reason", reason),
            StatementFileError::Format { ext } => Message::new("statement.error.format").with("ext", ext),
            StatementFileError::Write { path, reason } => {
                Message::new("files.write").with("path", path).with("reason", reason)
            }
        }
    }
}

impl From<StatementFileError> for AppError {
    fn from(error: StatementFileError) -> AppError {
        match error {
            StatementFileError::Chart(error) => error.into(),
            StatementFileError::Format { .. } => AppError::new(ErrorCode::Validation, error.message()),
            other => {
                tracing::error!(key = %other.message().key, "statement file failed");
                AppError::new(ErrorCode::Internal, other.message())
            }
        }
    }
}

/// The drawing as a PNG 1080 pixels wide, as the share card is made.
pub fn statement_png(statement: &Statement, lang: Lang) -> Result<Vec<u8>, StatementFileError> {
    Ok(png::svg_to_png(&statement_svg(statement, lang), 1.0)?)
}

/// The statement in `format` at `path`, staged and renamed into place.
pub fn write_statement(
    statement: &Statement,
    lang: Lang,
    path: &Path,
    format: StatementFormat,
    existing: Existing,
) -> Result<(), StatementFileError> {
    let bytes = match format {
        StatementFormat::Png => statement_png(statement, lang)?,
        StatementFormat::Pdf => statement_pdf(statement, lang)?,
        StatementFormat::Xlsx => statement_xlsx(statement, lang)?,
    };
    atomic::write(path, &bytes, existing)
        .map_err(|e| StatementFileError::Write { path: path.display().to_string(), reason: e.to_string() })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{BizDay, Money, RatePct};
    use crate::payouts::statement::{PendingLine, StatementLine, StatementLineKind};

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).unwrap()
    }

    /// A statement with a line of every kind and one pending line.
    pub(crate) fn sample() -> Statement {
        let line = |kind, product: Option<&str>, amount, note: Option<&str>| StatementLine {
            kind,
            day: day("2026-05-03"),
            order: product.map(|_| "****1234".to_owned()),
            product: product.map(str::to_owned),
            paid: product.map(|_| Money::from_fen(2_000)),
            rate: product.map(|_| RatePct::from_hundredths(1_050)),
            amount: Money::from_fen(amount),
            note: note.map(str::to_owned),
        };
        Statement {
            month: "2026-05".into(),
            partner_name: "王小美".into(),
            number: "TZ-202605-7".into(),
            closed: true,
            as_of: day("2026-06-02"),
            opening: Money::from_fen(-500),
            lines: vec![
                line(StatementLineKind::Commission, Some("儿童保温杯 500ml"), 210, None),
                line(StatementLineKind::Override, Some("晾衣架"), 30, None),
                line(StatementLineKind::Reversal, Some("电动牙刷"), -120, Some("原单见 TZ-202604-7")),
                line(StatementLineKind::Adjustment, None, 1_000, Some("四月少算")),
                line(StatementLineKind::Payment, None, 500, Some("微信 转账 0042")),
            ],
            earned: Money::from_fen(210),
            override_share: Money::from_fen(30),
            reversed: Money::from_fen(-120),
            adjusted: Money::from_fen(1_000),
            paid: Money::from_fen(500),
            closing: Money::from_fen(120),
            payable: Money::from_fen(120),
            minimum: Money::from_fen(100),
            pending: vec![PendingLine {
                day: day("2026-05-30"),
                order: "****9876".into(),
                product: "抽纸 24 包".into(),
                paid: Money::from_fen(1_500),
                rate: RatePct::from_hundredths(1_000),
                amount: Money::from_fen(150),
            }],
            pending_total: Money::from_fen(150),
            pending_more: 0,
        }
    }

    #[test]
    fn the_format_is_the_extension_and_nothing_else_is_written() {
        let format = |name: &str| StatementFormat::of(Path::new(name));
        assert_eq!(format("a/b.png").ok(), Some(StatementFormat::Png));
        assert_eq!(format("对账单.PDF").ok(), Some(StatementFormat::Pdf));
        assert_eq!(format("x.xlsx").ok(), Some(StatementFormat::Xlsx));
        for refused in ["x.svg", "x.csv", "x", "x.png.exe"] {
            let error = format(refused).err();
            let message = error.as_ref().map(StatementFileError::message);
            assert_eq!(message.as_ref().map(|m| m.key.as_str()), Some("statement.error.format"), "{refused}");
            let app: Option<AppError> = error.map(Into::into);
            assert_eq!(app.map(|e| e.code), Some(ErrorCode::Validation));
        }
    }

    #[test]
    fn a_statement_is_written_whole_and_an_existing_file_is_kept_unless_asked() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("对账单.xlsx");
        let statement = sample();
        write_statement(&statement, Lang::Zh, &path, StatementFormat::Xlsx, Existing::Keep).unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
        let again = write_statement(&statement, Lang::Zh, &path, StatementFormat::Xlsx, Existing::Keep).err();
        assert_eq!(again.map(|e| e.message().key), Some("files.write".to_owned()));
        write_statement(&statement, Lang::Zh, &path, StatementFormat::Xlsx, Existing::Replace).unwrap();
        let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no stage is left behind: {names:?}");
    }
}
