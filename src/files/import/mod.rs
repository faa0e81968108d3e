//! Importing partners and groups from CSV and XLSX, previewing every bad row, committing all good ones at once.

mod columns;
mod groups;
mod partners;

/// The partners file's joining-day column, which an export names too.
pub(crate) use partners::JOINED as PARTNER_JOINED;

use crate::error::{AppError, ErrorCode};
use crate::files::tabular::{SourceRow, SourceTable, TableError, TextEncoding};
use crate::model::Message;
use crate::model::{BizDay, Lang};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportKind {
    Partners,
    Groups,
}

/// What to do with a row that matches an existing partner or group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DuplicatePolicy {
    /// Leave the existing one as it is.
    #[default]
    Skip,
    /// Update the existing one with the row's non-empty fields (never its
    /// place in the tree).
    Merge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowIssue {
    pub line: u64,
    pub column: String,
    pub reason: Message,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DuplicateRow {
    pub line: u64,
    /// The column whose value matched.
    pub matched_on: String,
    #[ts(type = "number")]
    pub existing_id: i64,
    pub existing_name: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportPreview {
    pub file: String,
    pub kind: ImportKind,
    /// Data rows in the file.
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows that will be written (new, or merged if so chosen).
    #[ts(type = "number")]
    pub ready: u64,
    pub issues: Vec<RowIssue>,
    pub duplicates: Vec<DuplicateRow>,
    /// What a CSV was read as, for her to check (none for XLSX).
    pub encoding: Option<TextEncoding>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportOutcome {
    #[ts(type = "number")]
    pub imported: u64,
    #[ts(type = "number")]
    pub merged: u64,
    /// Bad rows plus duplicates left alone.
    #[ts(type = "number")]
    pub skipped: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("{0}")]
    Header(Message),
    #[error("database error, nothing was imported: {0}")]
    Store(#[from] sqlx::Error),
}

impl ImportPreview {
    /// Duplicates in line order, as the preview lists them.
    fn new(
        table: &SourceTable,
        kind: ImportKind,
        rows: u64,
        ready: u64,
        issues: &[RowIssue],
        mut duplicates: Vec<DuplicateRow>,
    ) -> ImportPreview {
        duplicates.sort_by_key(|d| d.line);
        ImportPreview {
            file: table.file.clone(),
            kind,
            rows,
            ready,
            issues: issues.to_vec(),
            duplicates,
            encoding: table.encoding,
        }
    }
}

/// Rows refused (a row can have several issues).
fn bad_rows(issues: &[RowIssue]) -> u64 {
    issues.iter().map(|i| i.line).collect::<std::collections::HashSet<_>>().len() as u64
}

/// A line whose bytes were not text in the file's encoding is not guessed
/// at: it is reported, and every other line still counts.
fn broken_line(source: &SourceRow) -> Option<RowIssue> {
    source.broken.then(|| RowIssue::new(source.line, "", Message::new("import.line.brokenBytes")))
}

impl RowIssue {
    pub fn new(line: u64, column: &str, reason: Message) -> RowIssue {
        RowIssue { line, column: column.to_owned(), reason }
    }

    /// `FILE:LINE: COLUMN: reason`, as the CLI prints it.
    pub fn located(&self, file: &str, lang: Lang) -> String {
        format!("{file}:{}: {}: {}", self.line, self.column, self.reason.render(lang))
    }
}

/// Reads the file and checks every row against the store; writes nothing.
#[tracing::instrument(skip_all, fields(?kind, rows = table.rows.len()))]
pub async fn preview(
    pool: &SqlitePool,
    kind: ImportKind,
    table: &SourceTable,
    today: BizDay,
) -> Result<ImportPreview, ImportError> {
    let mut connection = pool.acquire().await?;
    match kind {
        ImportKind::Partners => Ok(partners::plan(&mut connection, table, today).await?.preview(table)),
        ImportKind::Groups => Ok(groups::plan(&mut connection, table).await?.preview(table)),
    }
}

/// Checks again inside one transaction and writes every good row; a
/// failure part-way leaves the store as it was. `on_progress(done, total)`
/// is called as rows are written. Traced by kind and counts only: the
/// table's cells are contacts.
#[tracing::instrument(skip_all, fields(?kind, ?policy, rows = table.rows.len()))]
pub async fn commit(
    pool: &SqlitePool,
    kind: ImportKind,
    table: &SourceTable,
    policy: DuplicatePolicy,
    today: BizDay,
    now: i64,
    on_progress: impl FnMut(u64, u64),
) -> Result<(ImportPreview, ImportOutcome), ImportError> {
    // Immediate: the plan reads before it writes, and a sync committing in
    // between would otherwise fail the upgrade to a write lock at once
    // instead of waiting for the busy timeout.
    let mut tx = crate::store::begin_write(pool).await?;
    let (preview, outcome) = match kind {
        ImportKind::Partners => {
            let plan = partners::plan(&mut tx, table, today).await?;
            let preview = plan.preview(table);
            (preview, plan.apply(&mut tx, policy, now, on_progress).await?)
        }
        ImportKind::Groups => {
            let plan = groups::plan(&mut tx, table).await?;
            let preview = plan.preview(table);
            (preview, plan.apply(&mut tx, policy, today, now, on_progress).await?)
        }
    };
    tx.commit().await?;
    tracing::info!(imported = outcome.imported, merged = outcome.merged, skipped = outcome.skipped, "import committed");
    Ok((preview, outcome))
}

/// The header row of an import template, Chinese names first.
pub fn template_headers(kind: ImportKind) -> Vec<&'static str> {
    match kind {
        ImportKind::Partners => partners::COLUMNS.iter().map(|c| c.aliases[0]).collect(),
        ImportKind::Groups => groups::COLUMNS.iter().map(|c| c.aliases[0]).collect(),
    }
}

impl From<ImportError> for AppError {
    fn from(error: ImportError) -> AppError {
        match error {
            ImportError::Store(e) => e.into(),
            ImportError::Table(e) => e.into(),
            ImportError::Header(message) => AppError::new(ErrorCode::Validation, message),
        }
    }
}
