//! `tuanzhang pack …`: training packs between laptops from a terminal.

use clap::{Subcommand, ValueEnum};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::PathBuf;
use tuanzhang::materials::folders;
use tuanzhang::materials::packs::import::{self, ItemState, Resolution};
use tuanzhang::materials::packs::write::{self, Author, Selection};
use tuanzhang::materials::packs::{read, Notes, PackError};
use tuanzhang::media::MediaStore;
use tuanzhang::model::{CourseId, EpochSecs};
use tuanzhang::store::atomic::Existing;

#[derive(Subcommand)]
pub enum PackCommand {
    /// Write a folder (with everything below it), a tag or a course (its lessons) as one .tzpack file.
    Export {
        /// A folder path such as 培训/新人.
        #[arg(long, conflicts_with_all = ["tag", "course"], required_unless_present_any = ["tag", "course"])]
        folder: Option<String>,
        #[arg(long, conflicts_with = "course")]
        tag: Option<String>,
        /// A course by its name.
        #[arg(long)]
        course: Option<String>,
        file: PathBuf,
        /// The name the pack says it is from.
        #[arg(long, default_value = "团长工作台")]
        publisher: String,
        /// Replace FILE if it is already there.
        #[arg(long)]
        overwrite: bool,
        /// Let the materials' private notes travel too (they stay here by default).
        #[arg(long)]
        include_notes: bool,
    },
    /// Read a .tzpack file: a line per material (new, updated, unchanged, conflict, foreign: hers came
    /// from elsewhere, older: an older version than hers), then the counts.
    Import {
        file: PathBuf,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// For materials and courses both sides changed, or hers from elsewhere: keep mine, take theirs, or keep both.
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

/// The courses a pack would make or change, settling their conflicts as `otherwise`.
fn courses_written(plan: &import::Plan, otherwise: Resolution) -> u32 {
    let written = |state: &ItemState| match state {
        ItemState::New | ItemState::Updated => true,
        ItemState::Conflict | ItemState::Foreign => otherwise != Resolution::Mine,
        ItemState::Unchanged | ItemState::Older => false,
    };
    plan.courses.iter().filter(|c| written(&c.state)).count() as u32
}

/// The one course of that name; two of one name must be told apart in the window.
async fn course_named(pool: &SqlitePool, title: &str) -> Result<CourseId, Box<dyn std::error::Error>> {
    let found: Vec<CourseId> =
        sqlx::query_scalar("SELECT id FROM courses WHERE title = ?1").bind(title.trim()).fetch_all(pool).await?;
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no course named {title}").into()),
        _ => Err(format!("{} courses are named {title}; rename one in the window", found.len()).into()),
    }
}

fn words(error: PackError) -> Box<dyn std::error::Error> {
    error.message().render(tuanzhang::model::Lang::from_env()).into()
}

/// The pack in `file`, read whole and checked.
fn open_pack(file: &std::path::Path) -> Result<read::Pack, String> {
    let size = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?.len();
    if size > read::MAX_PACK_BYTES {
        return Err(format!("{}: {size} bytes is more than a pack can be", file.display()));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    read::open(&bytes).map_err(|e| format!("{}: {}", file.display(), words(e)))
}

pub async fn run(
    command: PackCommand,
    pool: &SqlitePool,
    media: &MediaStore,
    now: EpochSecs,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        PackCommand::Export { folder, tag, course, file, publisher, overwrite, include_notes } => {
            let selection = match (folder, tag, course) {
                (Some(path), _, _) => Selection::Folder(
                    folders::find_path(pool, &path).await?.ok_or_else(|| format!("no folder {path} in the library"))?,
                ),
                (None, Some(tag), _) => Selection::Tag(tag),
                (None, None, Some(title)) => Selection::Course(course_named(pool, &title).await?),
                (None, None, None) => return Err("--folder, --tag or --course".into()),
            };
            let existing = if overwrite { Existing::Replace } else { Existing::Keep };
            let notes = if include_notes { Notes::Included } else { Notes::Omitted };
            let author = Author { name: &publisher, notes };
            let manifest = write::export(pool, media, &selection, author, &file, existing, now).await.map_err(words)?;
            println!(
                "{}: {} v{}, {} materials, {} folders, {} pictures, {} courses",
                file.display(),
                manifest.title,
                manifest.pack_version,
                manifest.counts.materials,
                manifest.counts.folders,
                manifest.counts.media,
                manifest.counts.courses
            );
            Ok(())
        }
        PackCommand::Import { file, dry_run, on_conflict } => {
            // Reading, inflating and hashing a pack take seconds: off the runtime.
            let path = file.clone();
            let pack = tokio::task::spawn_blocking(move || open_pack(&path)).await??;
            let plan = import::plan(pool, &pack).await.map_err(words)?;
            for item in &plan.items {
                let state = match item.state {
                    ItemState::New => "new",
                    ItemState::Updated => "updated",
                    ItemState::Unchanged => "unchanged",
                    ItemState::Conflict => "conflict",
                    ItemState::Foreign => "foreign",
                    ItemState::Older => "older",
                };
                println!("{state}\t{}\t{}", item.uid, item.title);
            }
            for course in &plan.courses {
                let state = match course.state {
                    ItemState::New => "new course",
                    ItemState::Unchanged => "unchanged course",
                    ItemState::Updated => "updated course",
                    ItemState::Conflict => "conflict course",
                    ItemState::Foreign => "foreign course",
                    ItemState::Older => "older course",
                };
                println!("{state}\t{}\t{}", course.uid, course.title);
            }
            let t = if dry_run {
                plan.tally.clone()
            } else {
                import::apply(pool, media, &pack, on_conflict.into(), &HashMap::new(), now).await.map_err(words)?
            };
            let verb = if dry_run { "would import" } else { "imported" };
            println!(
                "{verb}: {} new, {} updated, {} unchanged, {} conflicts, {} foreign, {} older, {} kept mine, \
                 {} kept both, {} courses",
                t.new,
                t.updated,
                t.unchanged,
                t.conflict,
                t.foreign,
                t.older,
                t.kept_mine,
                t.kept_both,
                if dry_run { courses_written(&plan, on_conflict.into()) } else { t.courses }
            );
            Ok(())
        }
    }
}
