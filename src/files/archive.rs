//! "Export everything": one ZIP holding every table of the store as CSV
//! (UTF-8 with a BOM, so Excel opens it) and as JSON, with a manifest of
//! what it holds. WeChat ids and phones are masked unless she asks. Rows are
//! streamed from one read transaction into the archive, so a store of
//! millions of order rows needs no more memory than a small one, and the
//! archive is one consistent moment of the store.

use crate::error::{AppError, ErrorCode};
use crate::files::tabular::neutralize_formula;
use crate::model::contact::{mask_phone, mask_wechat};
use crate::model::Message;
use crate::model::{format_platform, EpochSecs};
use crate::store::atomic::{Existing, Staged};
use crate::store::{BulkError, Store};
use rusqlite::types::ValueRef;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot read the store: {0}")]
    Store(#[from] BulkError),
    #[error("cannot read the store: {0}")]
    Query(#[from] rusqlite::Error),
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// `manifest.json` in the archive.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArchiveManifest {
    pub app: String,
    pub app_version: String,
    pub schema_version: i64,
    /// Beijing wall time, `yyyy-MM-dd HH:mm:ss`.
    pub exported_at: String,
    /// Whether WeChat ids and phones are written in full.
    pub contacts_revealed: bool,
    pub tables: Vec<ArchivedTable>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArchivedTable {
    pub name: String,
    pub rows: u64,
    pub columns: Vec<String>,
    /// `csv/<name>.csv` and `json/<name>.json` in the archive.
    pub csv: String,
    pub json: String,
}

/// Writes the archive to `target` through a staged file renamed at the end,
/// so a full disk or a crash never leaves half an archive under its name,
/// and a file already at `target` is replaced only when `existing` says so.
#[tracing::instrument(skip_all, fields(reveal = reveal))]
pub async fn export_everything(
    store: &Store,
    target: &Path,
    existing: Existing,
    reveal: bool,
    now: EpochSecs,
) -> Result<ArchiveManifest, ArchiveError> {
    let write_error = |path: &Path, reason: String| ArchiveError::Write { path: path.to_path_buf(), reason };
    let staged = Staged::new(target, existing).map_err(|e| write_error(target, e.to_string()))?;
    let file = staged.as_file_clone().map_err(|e| write_error(target, e.to_string()))?;
    let target_for_writer = target.to_path_buf();
    // On any error the stage is dropped with it: no half archive remains.
    let manifest = store
        .read_apart(move |db| Ok(write_archive(db, file, &target_for_writer, reveal, now)))
        .await
        .map_err(ArchiveError::from)
        .and_then(|inner| inner)?;
    staged.commit().map_err(|e| write_error(target, e.to_string()))?;
    tracing::info!(tables = manifest.tables.len(), "archive written");
    Ok(manifest)
}

fn write_archive(
    db: &mut rusqlite::Connection,
    file: std::fs::File,
    path: &Path,
    reveal: bool,
    now: EpochSecs,
) -> Result<ArchiveManifest, ArchiveError> {
    let zip_error = |e: zip::result::ZipError| ArchiveError::Write { path: path.to_path_buf(), reason: e.to_string() };
    let io_error = |e: std::io::Error| ArchiveError::Write { path: path.to_path_buf(), reason: e.to_string() };
    // One read transaction: every table as of the same moment, while sync
    // may go on committing after it.
    let tx = db.transaction()?;
    let tables: Vec<String> = tx
        // Plain tables only: a search index (virtual, and its shadow
        // tables) is derived from them and rebuilt, not exported.
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let schema_version: i64 =
        tx.query_row("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1", [], |r| r.get(0))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut archived = Vec::with_capacity(tables.len());
    for table in tables {
        let csv = format!("csv/{table}.csv");
        let json = format!("json/{table}.json");
        zip.start_file(&csv, options).map_err(zip_error)?;
        let columns = write_csv(&tx, &table, reveal, &mut zip).map_err(|e| e.at(path))?;
        zip.start_file(&json, options).map_err(zip_error)?;
        let rows = write_json(&tx, &table, reveal, &mut zip).map_err(|e| e.at(path))?;
        archived.push(ArchivedTable { name: table, rows, columns, csv, json });
    }
    let manifest = ArchiveManifest {
        app: "团长工作台 Tuanzhang".to_owned(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        exported_at: format_platform(now),
        contacts_revealed: reveal,
        tables: archived,
    };
    zip.start_file("manifest.json", options).map_err(zip_error)?;
    serde_json::to_writer_pretty(&mut zip, &manifest).map_err(|e| io_error(e.into()))?;
    let mut inner = zip.finish().map_err(zip_error)?;
    inner.flush().map_err(io_error)?;
    inner.get_ref().sync_all().map_err(io_error)?;
    Ok(manifest)
}

/// A failure while streaming one table, placed at the archive by the caller.
enum StreamError {
    Query(rusqlite::Error),
    Write(String),
}

impl StreamError {
    fn at(self, path: &Path) -> ArchiveError {
        match self {
            StreamError::Query(error) => ArchiveError::Query(error),
            StreamError::Write(reason) => ArchiveError::Write { path: path.to_path_buf(), reason },
        }
    }

    fn write(error: impl std::fmt::Display) -> StreamError {
        StreamError::Write(error.to_string())
    }
}

impl From<rusqlite::Error> for StreamError {
    fn from(error: rusqlite::Error) -> StreamError {
        StreamError::Query(error)
    }
}

/// The table as CSV: a BOM, the column names, then one line a row.
fn write_csv(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    reveal: bool,
    out: &mut impl Write,
) -> Result<Vec<String>, StreamError> {
    out.write_all(&[0xEF, 0xBB, 0xBF]).map_err(StreamError::write)?;
    let mut writer = csv::Writer::from_writer(out);
    let columns = each_row(tx, table, reveal, |columns, cells| match cells {
        None => writer.write_record(columns).map_err(StreamError::write),
        Some(cells) => writer.write_record(cells.iter().map(Cell::csv_text)).map_err(StreamError::write),
    })?;
    writer.flush().map_err(StreamError::write)?;
    Ok(columns.0)
}

/// The table as a JSON array of objects keyed by column; answers its rows.
fn write_json(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    reveal: bool,
    out: &mut impl Write,
) -> Result<u64, StreamError> {
    out.write_all(b"[").map_err(StreamError::write)?;
    let mut first = true;
    let (_, rows) = each_row(tx, table, reveal, |columns, cells| {
        let Some(cells) = cells else { return Ok(()) };
        if !first {
            out.write_all(b",").map_err(StreamError::write)?;
        }
        first = false;
        let object: serde_json::Map<String, serde_json::Value> =
            columns.iter().cloned().zip(cells.into_iter().map(Cell::json)).collect();
        serde_json::to_writer(&mut *out, &object).map_err(StreamError::write)
    })?;
    out.write_all(b"]").map_err(StreamError::write)?;
    Ok(rows)
}

/// Calls `visit` once with the column names alone, then once a row with its
/// cells (contacts masked unless `reveal`); answers the columns and rows.
fn each_row(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    reveal: bool,
    mut visit: impl FnMut(&[String], Option<Vec<Cell>>) -> Result<(), StreamError>,
) -> Result<(Vec<String>, u64), StreamError> {
    // The name comes from the store's own schema, quoted as an identifier.
    let mut statement = tx.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))?;
    let columns: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
    let maskers: Vec<Option<Masker>> = columns.iter().map(|c| if reveal { None } else { masker_for(c) }).collect();
    visit(&columns, None)?;
    let mut rows = statement.query([])?;
    let mut count = 0_u64;
    while let Some(row) = rows.next()? {
        let cells = (0..columns.len())
            .map(|i| row.get_ref(i).map(|value| Cell::of(value, maskers[i])))
            .collect::<Result<Vec<_>, _>>()?;
        visit(&columns, Some(cells))?;
        count += 1;
    }
    Ok((columns, count))
}

/// Shows a contact only in part.
type Masker = fn(&str) -> String;

/// Other people's contacts by the column that holds them.
fn masker_for(column: &str) -> Option<Masker> {
    if column == "phone" || column.ends_with("_phone") {
        Some(mask_phone)
    } else if column == "wechat" || column.ends_with("_wechat") {
        Some(mask_wechat)
    } else {
        None
    }
}

enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    fn of(value: ValueRef<'_>, masker: Option<Masker>) -> Cell {
        match value {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(n) => Cell::Integer(n),
            ValueRef::Real(x) => Cell::Real(x),
            ValueRef::Text(bytes) => {
                let text = String::from_utf8_lossy(bytes);
                Cell::Text(masker.map_or_else(|| text.clone().into_owned(), |mask| mask(&text)))
            }
            ValueRef::Blob(bytes) => Cell::Text(bytes.iter().map(|b| format!("{b:02x}")).collect()),
        }
    }

    fn csv_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Integer(n) => n.to_string(),
            Cell::Real(x) => x.to_string(),
            Cell::Text(text) => neutralize_formula(text),
        }
    }

    fn json(self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Integer(n) => n.into(),
            Cell::Real(x) => serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into),
            Cell::Text(text) => text.into(),
        }
    }
}

impl From<ArchiveError> for AppError {
    fn from(error: ArchiveError) -> AppError {
        match error {
            ArchiveError::Write { path, reason } => AppError::new(
                ErrorCode::Internal,
                Message::new("files.write").with("path", path.display()).with("reason", reason),
            ),
            ArchiveError::Store(e) => AppError::internal(e),
            ArchiveError::Query(e) => AppError::internal(e),
        }
    }
}
