//! Copies of a store in its `backups/` folder: taken daily while the app runs, before every schema
//! upgrade, on request and before a restore; kept as the newest of each of the last 7 days and of the
//! 4 weeks before; restored whole or not at all.

use super::{health, private, sidecar, Store, StoreError, StoreKey, DB_FILE, WAL_FILES};
use crate::model::{format_platform, BizDay, EpochSecs};
use crate::store::atomic::{Existing, Staged};
use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

pub const BACKUP_DIR: &str = "backups";
const DAILY_KEPT: usize = 7;
const WEEKLY_KEPT: usize = 4;

/// Why a copy was taken; it leads the file's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupReason {
    Daily,
    Manual,
    BeforeUpgrade,
    BeforeRestore,
}

impl BackupReason {
    fn word(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::BeforeUpgrade => "before-upgrade",
            BackupReason::BeforeRestore => "before-restore",
        }
    }

    fn of(word: &str) -> Option<BackupReason> {
        [BackupReason::Daily, BackupReason::Manual, BackupReason::BeforeUpgrade, BackupReason::BeforeRestore]
            .into_iter()
            .find(|r| r.word() == word)
    }
}

/// One copy, with what it holds, so she can choose which to restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupInfo {
    /// The file's name without `.db`: `daily-1795003200-0`.
    pub id: String,
    pub reason: BackupReason,
    /// Beijing wall time, `yyyy-MM-dd HH:mm:ss`.
    pub taken_at: String,
    #[serde(skip)]
    #[ts(skip)]
    pub taken_epoch: EpochSecs,
    pub partners: i64,
    pub groups: i64,
    pub order_rows: i64,
    pub schema_version: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot write the backup in {dir}: {source}")]
    Io { dir: PathBuf, source: std::io::Error },
    #[error("the backup cannot be taken: {0}")]
    Store(#[from] sqlx::Error),
    #[error("there is no backup {0}")]
    Unknown(String),
    #[error("the backup {id} is damaged: {problem}")]
    Damaged { id: String, problem: String },
    #[error("the backup {id} was written by a newer version of the app (schema {found}, this one knows {known})")]
    Newer { id: String, found: i64, known: i64 },
    #[error(transparent)]
    Open(#[from] StoreError),
}

fn io(dir: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { dir: dir.to_path_buf(), source }
}

/// `VACUUM INTO` a fresh, private file named for `reason` and `now`; the
/// name never collides with an earlier one.
pub async fn create(
    pool: &sqlx::SqlitePool,
    dir: &Path,
    reason: BackupReason,
    now: EpochSecs,
) -> Result<PathBuf, BackupError> {
    let folder = dir.join(BACKUP_DIR);
    private::private_dir(&folder).map_err(io(&folder))?;
    let target = (0..)
        .map(|n| folder.join(format!("{}-{now}-{n}.db", reason.word())))
        .find(|path| !path.exists())
        .unwrap_or_else(|| folder.join(format!("{}-{now}.db", reason.word())));
    // Staged empty and private (VACUUM INTO accepts an empty file), so the
    // copy is never readable by others, and a full disk or a crash leaves
    // no half copy under a backup's name: the stage goes with the error.
    let staged = Staged::new(&target, Existing::Keep).map_err(io(&folder))?;
    sqlx::query("VACUUM INTO ?").bind(staged.path().to_string_lossy().into_owned()).execute(pool).await?;
    staged.commit().map_err(io(&folder))?;
    Ok(target)
}

/// Every copy in `dir`'s backups, newest first, each opened read-only to
/// count what it holds; a file that cannot be read is left out.
pub async fn list(dir: &Path, key: &StoreKey) -> Result<Vec<BackupInfo>, BackupError> {
    let folder = dir.join(BACKUP_DIR);
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(Vec::new()) };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some((reason, taken_epoch, id)) = parse_name(&path) else { continue };
        match describe(&path, key).await {
            Ok((partners, groups, order_rows, schema_version)) => found.push(BackupInfo {
                id,
                reason,
                taken_at: format_platform(taken_epoch),
                taken_epoch,
                partners,
                groups,
                order_rows,
                schema_version,
            }),
            Err(error) => tracing::warn!(%error, file = %path.display(), "an unreadable backup is left out"),
        }
    }
    found.sort_by(|a, b| b.taken_epoch.cmp(&a.taken_epoch).then_with(|| b.id.cmp(&a.id)));
    Ok(found)
}

fn parse_name(path: &Path) -> Option<(BackupReason, EpochSecs, String)> {
    if path.extension()? != "db" {
        return None;
    }
    let id = path.file_stem()?.to_str()?.to_owned();
    let mut parts = id.rsplitn(3, '-');
    let _sequence: u32 = parts.next()?.parse().ok()?;
    let epoch: EpochSecs = parts.next()?.parse().ok()?;
    let reason = BackupReason::of(parts.next()?)?;
    Some((reason, epoch, id))
}

/// A backup opened to read, with the store's key (`VACUUM INTO` copies are
/// encrypted with the key of the store they were taken from).
fn read_only(path: &Path, key: &StoreKey) -> SqliteConnectOptions {
    key.connect_options().filename(path).read_only(true)
}

/// The tables a backup is described by, counted.
pub(crate) const COUNTED: [&str; 3] = ["partners", "groups", "order_rows"];

pub(crate) fn count_sql(table: &str) -> String {
    format!("SELECT COUNT(*) FROM {table}")
}

async fn describe(path: &Path, key: &StoreKey) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    let mut db = read_only(path, key).connect().await?;
    let mut counts = [0_i64; 3];
    for (slot, table) in counts.iter_mut().zip(COUNTED) {
        // The table names are the constants below.
        *slot = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql(table))).fetch_one(&mut db).await?;
    }
    let schema: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(&mut db).await?;
    db.close().await?;
    Ok((counts[0], counts[1], counts[2], schema.unwrap_or(0)))
}

/// Keeps the newest copy of each of the last 7 days that have one, and of
/// each of the 4 weeks before them, and every copy taken before a restore or
/// an upgrade in the last 7 days; deletes the rest. Answers how many went.
pub fn prune(dir: &Path, backups: &[BackupInfo], now: EpochSecs) -> Result<usize, BackupError> {
    let folder = dir.join(BACKUP_DIR);
    let mut days: Vec<BizDay> = Vec::new();
    let mut weeks: Vec<(i32, u32)> = Vec::new();
    let mut removed = 0;
    // Newest first, so the first copy of a day or week is its newest.
    for backup in backups {
        let day = BizDay::of(backup.taken_epoch);
        let week = week_of(day);
        let keep = if is_recent_safety_copy(backup, now) {
            // The copy taken before a restore or an upgrade is the way back
            // from it: a manual copy the same day must not push it out.
            true
        } else if days.contains(&day) {
            false
        } else if days.len() < DAILY_KEPT {
            days.push(day);
            true
        } else if !weeks.contains(&week) && weeks.len() < WEEKLY_KEPT && !days.iter().any(|d| same_week(*d, week)) {
            weeks.push(week);
            true
        } else {
            false
        };
        if !keep {
            std::fs::remove_file(folder.join(format!("{}.db", backup.id))).map_err(io(&folder))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Safety copies are kept this long whatever else is taken.
const SAFETY_KEPT_SECS: EpochSecs = 7 * 24 * 3600;

fn is_recent_safety_copy(backup: &BackupInfo, now: EpochSecs) -> bool {
    matches!(backup.reason, BackupReason::BeforeRestore | BackupReason::BeforeUpgrade)
        && now.saturating_sub(backup.taken_epoch) < SAFETY_KEPT_SECS
}

fn week_of(day: BizDay) -> (i32, u32) {
    use chrono::Datelike;
    let week = day.date().iso_week();
    (week.year(), week.week())
}

fn same_week(day: BizDay, week: (i32, u32)) -> bool {
    week_of(day) == week
}

/// A daily copy unless one was already taken today (Beijing), then pruning.
pub async fn daily(store: &Store, dir: &Path, now: EpochSecs) -> Result<Option<PathBuf>, BackupError> {
    // Told from the names alone: opening every copy to count its rows
    // cost each start a decryption of every backup.
    let today = BizDay::of(now);
    let names = std::fs::read_dir(dir.join(BACKUP_DIR)).into_iter().flatten().flatten();
    if names.filter_map(|entry| parse_name(&entry.path())).any(|(_, taken, _)| BizDay::of(taken) == today) {
        return Ok(None);
    }
    let taken = create(store.pool(), dir, BackupReason::Daily, now).await?;
    prune(dir, &list(dir, store.key()).await?, now)?;
    Ok(Some(taken))
}

/// The store as it is before a restore: a proper copy when it opens, else
/// its file as it is (a damaged store is exactly what a restore mends).
async fn keep_current(dir: &Path, key: &StoreKey, now: EpochSecs) -> Result<(), BackupError> {
    let path = dir.join(DB_FILE);
    if !path.exists() {
        return Ok(());
    }
    // A damaged store may open (opening reads its first pages only) and
    // still not copy page by page: then, as when it does not open, its file
    // is kept as it is.
    let copied = match Store::open(dir, key).await {
        Ok(current) => {
            let made = create(current.pool(), dir, BackupReason::BeforeRestore, now).await;
            current.close().await;
            made.map(drop).map_err(|error| error.to_string())
        }
        Err(error) => Err(error.to_string()),
    };
    if let Err(error) = copied {
        tracing::warn!(%error, "the store does not copy; its file is kept as it is before the restore");
        let folder = dir.join(BACKUP_DIR);
        private::private_dir(&folder).map_err(io(&folder))?;
        let aside = folder.join(format!("{}-{now}-raw.db", BackupReason::BeforeRestore.word()));
        private::create_private_file(&aside).map_err(io(&folder))?;
        std::fs::copy(&path, &aside).map_err(io(&folder))?;
    }
    Ok(())
}

/// Checks the copy `id` (whole, not newer than this app), backs up the
/// store as it is now, then puts the copy in its place. The store must be
/// closed; until the final rename nothing of the current store changes, so
/// an interruption leaves it intact.
pub async fn restore(dir: &Path, key: &StoreKey, id: &str, now: EpochSecs) -> Result<BackupInfo, BackupError> {
    let chosen =
        list(dir, key).await?.into_iter().find(|b| b.id == id).ok_or_else(|| BackupError::Unknown(id.to_owned()))?;
    // The path is built from the name `list` read from the folder, never from
    // the id asked for, so no id can reach a file outside it.
    let source = dir.join(BACKUP_DIR).join(format!("{}.db", chosen.id));
    let known = health::latest_schema();
    if chosen.schema_version > known {
        return Err(BackupError::Newer { id: id.to_owned(), found: chosen.schema_version, known });
    }
    {
        let mut db = read_only(&source, key).connect().await?;
        let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(10)").fetch_all(&mut db).await?;
        db.close().await?;
        if problems.iter().any(|p| p != "ok") {
            return Err(BackupError::Damaged { id: id.to_owned(), problem: problems.join("; ") });
        }
    }
    keep_current(dir, key, now).await?;
    let path = dir.join(DB_FILE);
    let mut staged = Staged::new(&path, Existing::Replace).map_err(io(dir))?;
    std::io::copy(&mut std::fs::File::open(&source).map_err(io(dir))?, staged.file()).map_err(io(dir))?;
    for suffix in WAL_FILES {
        let companion = sidecar(&path, suffix);
        if companion.exists() {
            std::fs::remove_file(companion).map_err(io(dir))?;
        }
    }
    staged.commit().map_err(io(dir))?;
    let store = Store::open(dir, key).await?;
    let whole = health::problems(store.pool()).await?.is_empty();
    store.close().await;
    if !whole {
        return Err(BackupError::Damaged { id: id.to_owned(), problem: "after restoring".into() });
    }
    Ok(chosen)
}
