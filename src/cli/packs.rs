//! `tuanzhang pack …`: training packs between laptops from a terminal.

use clap::{Subcommand, ValueEnum};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::PathBuf;
use tuanzhang::files::atomic::Existing;
use tuanzhang::materials::folders;
use tuanzhang::materials::packs::import::{self, ItemState, Resolution};
use tuanzhang::materials::packs::write::{self, Selection};
use tuanzhang::materials::packs::{read, PackError};
use tuanzhang::media::MediaStore;
use tuanzhang::model::EpochSecs;

#[derive(Subcommand)]
pub enum PackCommand {
    /// Write a folder (with everything below it) or a tag as one .tzpack file.
    Export {
        /// A folder path such as 培训/新人.
        #[arg(long, conflicts_with = "tag", required_unless_present = "tag")]
        folder: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        file: PathBuf,
        /// The name the pack says it is from.
        #[arg(long, default_value = "团长工作台")]
        publisher: String,
        /// Replace FILE if it is already there.
        #[arg(long)]
        overwrite: bool,
    },
    /// Read a .tzpack file: a line per material (new, updated, unchanged, conflict), then the counts.
    Import {
        file: PathBuf,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// For materials both sides changed: keep mine, take theirs, or keep both.
        #[arg(long, value_enum, default_value = "mine")]
        on_conflict: OnConflict,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OnConflict {
    Mine,
    Theirs,
    Both,
}

impl From<OnConflict> for Resolution {
    fn from(choice: OnConflict) -> Resolution {
        match choice {
            OnConflict::Mine => Resolution::Mine,
            OnConflict::Theirs => Resolution::Theirs,
            OnConflict::Both => Resolution::Both,
        }
    }
}

fn words(error: PackError) -> Box<dyn std::error::Error> {
    error.message().render(tuanzhang::model::Lang::from_env()).into()
}

pub async fn run(
    command: PackCommand,
    pool: &SqlitePool,
    media: &MediaStore,
    now: EpochSecs,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        PackCommand::Export { folder, tag, file, publisher, overwrite } => {
            let selection = match (folder, tag) {
                (Some(path), _) => Selection::Folder(
                    folders::find_path(pool, &path).await?.ok_or_else(|| format!("no folder {path} in the library"))?,
                ),
                (None, Some(tag)) => Selection::Tag(tag),
                (None, None) => return Err("--folder or --tag".into()),
            };
            let existing = if overwrite { Existing::Replace } else { Existing::Keep };
            let manifest =
                write::export(pool, media, &selection, &publisher, &file, existing, now).await.map_err(words)?;
            println!(
                "{}: {} v{}, {} materials, {} folders, {} pictures",
                file.display(),
                manifest.title,
                manifest.pack_version,
                manifest.counts.materials,
                manifest.counts.folders,
                manifest.counts.media
            );
            Ok(())
        }
        PackCommand::Import { file, dry_run, on_conflict } => {
            let size = std::fs::metadata(&file).map_err(|e| format!("{}: {e}", file.display()))?.len();
            if size > read::MAX_PACK_BYTES {
                return Err(format!("{}: {size} bytes is more than a pack can be", file.display()).into());
            }
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let pack = read::open(&bytes).map_err(|e| format!("{}: {}", file.display(), words(e)))?;
            let plan = import::plan(pool, &pack).await.map_err(words)?;
            for item in &plan.items {
                let state = match item.state {
                    ItemState::New => "new",
                    ItemState::Updated => "updated",
                    ItemState::Unchanged => "unchanged",
                    ItemState::Conflict => "conflict",
                };
                println!("{state}\t{}\t{}", item.uid, item.title);
            }
            let t = if dry_run {
                plan.tally
            } else {
                import::apply(pool, media, &pack, on_conflict.into(), &HashMap::new(), now).await.map_err(words)?
            };
            let verb = if dry_run { "would import" } else { "imported" };
            println!(
                "{verb}: {} new, {} updated, {} unchanged, {} conflicts, {} kept mine, {} kept both",
                t.new, t.updated, t.unchanged, t.conflict, t.kept_mine, t.kept_both
            );
            Ok(())
        }
    }
}
