//! Importing a pack: a preview that sorts every material and course into
//! new, updated, unchanged, in conflict (both sides changed it since it last
//! travelled), from another source (hers by that id was written by her or
//! came from another pack) or older (from an older version of the pack than
//! she has), then one transaction that applies her choices. Importing the
//! same pack twice changes nothing; a newer version of the same pack updates
//! only what its author changed and she did not; another pack never replaces
//! hers unasked, and an older version never rolls hers back.

use super::read::Pack;
use super::{
    content_hash, sha256_hex, Manifest, Notes, PackCourse, PackError, PackFolder, PackLesson, PackMaterial, Stored,
    COURSES, FOLDERS, MATERIALS,
};
use crate::materials::draft::{Checked, MaterialDraft};
use crate::materials::edit;
use crate::media::{MediaError, MediaHash, MediaStore, Staged};
use crate::model::new_uid;
use crate::model::{is_unique_violation, Message};
use crate::model::{CourseId, EpochSecs, FolderId, MaterialId};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "PackItemState")]
pub enum ItemState {
    New,
    /// Its author changed it, she did not: taken.
    Updated,
    Unchanged,
    /// Both changed it: she chooses.
    Conflict,
    /// Hers by that id differs and did not come from this pack (she wrote
    /// it, or another pack brought it): never replaced unasked, she chooses.
    Foreign,
    /// From an older version of the pack than the one hers came from: left
    /// as it is.
    Older,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "PackResolution")]
pub enum Resolution {
    Mine,
    Theirs,
    /// Hers stays, theirs comes in beside it as a copy.
    Both,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "PackItem")]
pub struct PlannedItem {
    pub uid: String,
    pub title: String,
    pub state: ItemState,
    /// Her title, when she has the material and it differs.
    pub mine_title: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export, rename = "PackTally")]
pub struct Tally {
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub conflict: u32,
    pub foreign: u32,
    pub older: u32,
    /// Conflicts settled: hers kept, or theirs beside hers.
    pub kept_mine: u32,
    pub kept_both: u32,
    /// Courses made or changed.
    pub courses: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "PackPlan")]
pub struct Plan {
    pub manifest: Manifest,
    /// The newest version of this pack she has imported, if any.
    pub imported_version: Option<u32>,
    pub items: Vec<PlannedItem>,
    /// Courses, in the materials' states (their title or lessons against hers).
    pub courses: Vec<PlannedCourse>,
    pub tally: Tally,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "PackCoursePlan")]
pub struct PlannedCourse {
    pub uid: String,
    pub title: String,
    pub state: ItemState,
}

/// What she has of one material of the pack.
struct Local {
    id: MaterialId,
    revision: i64,
    title: String,
    /// Hers, private: kept when a pack without notes replaces the rest.
    notes: String,
    /// What it says, with her notes and without them.
    hash: String,
    bare: String,
    origin: Option<Origin>,
}

/// Where a material or course last came in from, and what it said then.
struct Origin {
    pack_id: String,
    version: u32,
    hash: String,
}

impl Origin {
    /// From the columns of a `LEFT JOIN` on its origins table.
    fn of(pack_id: Option<String>, version: Option<u32>, hash: Option<String>) -> Option<Origin> {
        Some(Origin { pack_id: pack_id?, version: version?, hash: hash? })
    }
}

#[tracing::instrument(skip_all, fields(materials = pack.materials.len(), courses = pack.courses.len()))]
pub async fn plan(pool: &SqlitePool, pack: &Pack) -> Result<Plan, PackError> {
    check_records(pack)?;
    let mut conn = pool.acquire().await?;
    let mut items = Vec::with_capacity(pack.materials.len());
    let mut tally = Tally::default();
    for theirs in &pack.materials {
        let local = local(&mut conn, &theirs.uid).await?;
        let state = state(&pack.manifest, local.as_ref(), &content_hash(theirs, pack.manifest.notes()));
        match state {
            ItemState::New => tally.new += 1,
            ItemState::Updated => tally.updated += 1,
            ItemState::Unchanged => tally.unchanged += 1,
            ItemState::Conflict => tally.conflict += 1,
            ItemState::Foreign => tally.foreign += 1,
            ItemState::Older => tally.older += 1,
        }
        let mine_title = local.filter(|l| l.title != theirs.title).map(|l| l.title);
        items.push(PlannedItem { uid: theirs.uid.clone(), title: theirs.title.clone(), state, mine_title });
    }
    let mut courses = Vec::with_capacity(pack.courses.len());
    for course in &pack.courses {
        let (state, _) = course_state(&mut conn, &pack.manifest, course).await?;
        courses.push(PlannedCourse { uid: course.uid.clone(), title: course.title.clone(), state });
    }
    let imported_version: Option<u32> = sqlx::query_scalar(
        "SELECT MAX(pack_version) FROM (SELECT pack_version FROM material_origins WHERE pack_id = ?1
                                       UNION ALL SELECT pack_version FROM course_origins WHERE pack_id = ?1)",
    )
    .bind(&pack.manifest.pack_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Plan { manifest: pack.manifest.clone(), imported_version, items, courses, tally })
}

/// Her material against the pack's, whose content hashes to `theirs`.
fn state(pack: &Manifest, local: Option<&Local>, theirs: &str) -> ItemState {
    let Some(local) = local else { return ItemState::New };
    let origin = local.origin.as_ref();
    match pack.notes() {
        Notes::Included => judge(pack, origin, &local.hash, origin.is_some_and(|o| o.hash == local.hash), theirs),
        // The pack says nothing of notes: what she wrote in hers is no change
        // to what the material says.
        Notes::Omitted => {
            let untouched = origin.is_some_and(|o| o.hash == local.hash || o.hash == local.bare);
            judge(pack, origin, &local.bare, untouched, theirs)
        }
    }
}

/// Hers, saying `mine` (a hash) and `untouched` since it came from
/// `origin`, against the pack's saying `theirs`. Only the pack hers came
/// from may update it, and only from a newer version.
fn judge(pack: &Manifest, origin: Option<&Origin>, mine: &str, untouched: bool, theirs: &str) -> ItemState {
    let Some(origin) = origin.filter(|o| o.pack_id == pack.pack_id) else {
        return if mine == theirs { ItemState::Unchanged } else { ItemState::Foreign };
    };
    if pack.pack_version < origin.version {
        return ItemState::Older;
    }
    // Equal, or the author has not changed it since: hers is the newer.
    if mine == theirs || origin.hash == theirs {
        return ItemState::Unchanged;
    }
    // The same version saying something else is not a newer one.
    if untouched && pack.pack_version > origin.version {
        ItemState::Updated
    } else {
        ItemState::Conflict
    }
}

/// Applies the pack: `choices` settles named conflicts, `otherwise` the rest.
#[tracing::instrument(skip_all, fields(
    materials = pack.materials.len(),
    pictures = pack.media.len(),
    courses = pack.courses.len(),
    ?otherwise,
    choices = choices.len(),
))]
pub async fn apply(
    pool: &SqlitePool,
    media: &MediaStore,
    pack: &Pack,
    otherwise: Resolution,
    choices: &HashMap<String, Resolution>,
    now: EpochSecs,
) -> Result<Tally, PackError> {
    check_records(pack)?;
    // Pictures first, each checked as one added by hand and written before
    // the write lock is taken (decoding is the long part): a picture that
    // is not one refuses the pack before anything is written.
    let staged = media.stage(pool, &pack.media).await.map_err(|(hash, error)| bad_media(&hash, error))?;
    let applied = apply_records(pool, &staged, pack, otherwise, choices, now).await;
    if applied.is_err() {
        // A refused pack leaves no picture behind.
        if let Err(error) = staged.undo(pool).await {
            tracing::warn!(%error, "pictures of a refused pack stay until the next collection");
        }
    }
    applied
}

fn bad_media(hash: &MediaHash, error: MediaError) -> PackError {
    match error {
        MediaError::Store(error) => PackError::Store(error),
        error => PackError::Refused(Message::new("pack.badMedia").with("entry", hash).with("reason", error)),
    }
}

/// Materials written per transaction. A sync commit that arrives during an
/// import waits for one step, never for the whole pack: a library's worth
/// of materials in one transaction would hold the writer past the sync
/// writer's busy timeout.
pub const MATERIALS_PER_STEP: usize = 200;
/// The writer is left free this long between steps. SQLite's busy handler
/// retries at most 100 ms apart and the lock is not queued, so without a
/// pause the import would take the lock back at once, step after step,
/// while a waiting sync or save never got its turn.
const STEP_PAUSE: std::time::Duration = std::time::Duration::from_millis(110);

/// The pack's records in bounded steps: its materials `MATERIALS_PER_STEP`
/// at a time (the first step with its pictures and folders), then its
/// courses (whose lessons name materials of the pack). Every check ran
/// before the first step, so a refusal writes nothing; a failure mid-way (a
/// full disk) keeps the steps before it, and importing the same pack again
/// completes it, since what came in is then unchanged. Pictures only later
/// steps would have shown are collected with the others (`MediaStore::collect`).
async fn apply_records(
    pool: &SqlitePool,
    staged: &Staged,
    pack: &Pack,
    otherwise: Resolution,
    choices: &HashMap<String, Resolution>,
    now: EpochSecs,
) -> Result<Tally, PackError> {
    // The first step lists the pictures and places the folders with its
    // materials, so a pack refused there leaves nothing: its pictures'
    // files are taken back with no row listing them.
    let mut steps = pack.materials.chunks(MATERIALS_PER_STEP);
    let mut tx = crate::store::begin_write(pool).await?;
    staged.record(&mut tx, &pack.media, now).await.map_err(|(hash, error)| bad_media(&hash, error))?;
    let folders = place_folders(&mut tx, pack, now).await?;
    let mut tally = Tally::default();
    let asked = Asked { pack, folders: &folders, otherwise, choices, now };
    for theirs in steps.next().unwrap_or_default() {
        apply_material(&mut tx, &asked, theirs, &mut tally).await?;
    }
    tx.commit().await?;
    for step in steps {
        tokio::time::sleep(STEP_PAUSE).await;
        let mut tx = crate::store::begin_write(pool).await?;
        for theirs in step {
            apply_material(&mut tx, &asked, theirs, &mut tally).await?;
        }
        tx.commit().await?;
    }
    let mut tx = crate::store::begin_write(pool).await?;
    for course in &pack.courses {
        let choice = choices.get(&course.uid).copied().unwrap_or(otherwise);
        if place_course(&mut tx, &pack.manifest, course, choice, now).await? {
            tally.courses += 1;
        }
    }
    tx.commit().await?;
    Ok(tally)
}

/// What an import was asked to do, the same for every material of it.
struct Asked<'a> {
    pack: &'a Pack,
    /// The pack's folders as placed in her library.
    folders: &'a HashMap<String, FolderId>,
    otherwise: Resolution,
    choices: &'a HashMap<String, Resolution>,
    now: EpochSecs,
}

/// One material of the pack, as its state and her choice say.
async fn apply_material(
    tx: &mut SqliteConnection,
    asked: &Asked<'_>,
    theirs: &PackMaterial,
    tally: &mut Tally,
) -> Result<(), PackError> {
    let Asked { pack, folders, otherwise, choices, now } = *asked;
    let (pack_id, version, notes) = (&pack.manifest.pack_id, pack.manifest.pack_version, pack.manifest.notes());
    let local = local(&mut *tx, &theirs.uid).await?;
    let theirs_hash = content_hash(theirs, notes);
    let folder = theirs.folder_uid.as_ref().and_then(|uid| folders.get(uid)).copied();
    let state = state(&pack.manifest, local.as_ref(), &theirs_hash);
    let Some(local) = local else {
        let id = edit::insert(&mut *tx, &taken(theirs, folder, notes, "")?, &theirs.uid, now).await?;
        remember(&mut *tx, id, pack_id, version, &theirs_hash).await?;
        tally.new += 1;
        return Ok(());
    };
    match resolved(state, choices.get(&theirs.uid).copied().unwrap_or(otherwise)) {
        Resolution::Theirs => {
            let folder = folder.or(current_folder(&mut *tx, local.id).await?);
            let replaced = taken(theirs, folder, notes, &local.notes)?;
            edit::overwrite(&mut *tx, local.id, local.revision + 1, &replaced, now).await?;
            remember(&mut *tx, local.id, pack_id, version, &theirs_hash).await?;
            tally.updated += 1;
            return Ok(());
        }
        Resolution::Both => {
            let mut copy = taken(theirs, folder, notes, "")?;
            copy.title = beside_title(&copy.title, crate::materials::draft::MAX_TITLE_CHARS);
            edit::insert(&mut *tx, &copy, &new_uid()?, now).await?;
            tally.kept_both += 1;
        }
        Resolution::Mine => match state {
            ItemState::Older => tally.older += 1,
            ItemState::Unchanged => tally.unchanged += 1,
            _ => tally.kept_mine += 1,
        },
    }
    if settles(&pack.manifest, local.origin.as_ref(), state, &theirs_hash) {
        remember(&mut *tx, local.id, pack_id, version, &theirs_hash).await?;
    }
    Ok(())
}

/// What becomes of hers: theirs is taken where its author changed it and
/// she did not, or where she chose so; everywhere else hers stays (a new
/// one has nothing of hers).
fn resolved(state: ItemState, chosen: Resolution) -> Resolution {
    match state {
        ItemState::Updated => Resolution::Theirs,
        ItemState::Conflict | ItemState::Foreign => chosen,
        ItemState::New | ItemState::Unchanged | ItemState::Older => Resolution::Mine,
    }
}

/// Whether hers, kept, now answers to this version of the pack: only one
/// that came from this very pack, settled against this version (so the
/// same pack again asks nothing) or level with it. Another pack's never
/// takes it over; an older version changes nothing.
fn settles(pack: &Manifest, origin: Option<&Origin>, state: ItemState, theirs: &str) -> bool {
    state != ItemState::Older
        && origin.is_some_and(|o| o.pack_id == pack.pack_id && (o.version != pack.pack_version || o.hash != theirs))
}

/// What she has of a course of the pack.
struct LocalCourse {
    id: CourseId,
    /// Its title and lessons, hashed as `course_hash` does.
    hash: String,
    origin: Option<Origin>,
}

/// A course's title and lessons (material uid, pass score) as they are
/// stored: the title within its cap, each lesson once, scores in range.
fn course_content(course: &PackCourse) -> (String, Vec<(String, Option<u8>)>) {
    let title = course.title.trim().chars().take(crate::courses::MAX_TITLE_CHARS).collect();
    let mut seen = std::collections::HashSet::with_capacity(course.lessons.len());
    let lessons = course
        .lessons
        .iter()
        .filter(|l| seen.insert(l.material_uid.as_str()))
        .map(|l| (l.material_uid.clone(), l.pass_score.filter(|s| (1..=100).contains(s))))
        .collect();
    (title, lessons)
}

fn course_hash(title: &str, lessons: &[(String, Option<u8>)]) -> String {
    sha256_hex(serde_json::json!([title, lessons]).to_string().as_bytes())
}

async fn local_course(conn: &mut SqliteConnection, uid: &str) -> Result<Option<LocalCourse>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Found {
        id: CourseId,
        title: String,
        pack_id: Option<String>,
        pack_version: Option<u32>,
        content_hash: Option<String>,
    }
    let found: Option<Found> = sqlx::query_as(
        "SELECT c.id, c.title, o.pack_id, o.pack_version, o.content_hash
         FROM courses c LEFT JOIN course_origins o ON o.course_id = c.id WHERE c.uid = ?1",
    )
    .bind(uid)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Found { id, title, pack_id, pack_version, content_hash }) = found else { return Ok(None) };
    let lessons: Vec<PackLesson> = sqlx::query_as(
        "SELECT m.uid AS material_uid, l.pass_score FROM course_lessons l JOIN materials m ON m.id = l.material_id
         WHERE l.course_id = ?1 ORDER BY l.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let lessons: Vec<(String, Option<u8>)> = lessons.into_iter().map(|l| (l.material_uid, l.pass_score)).collect();
    Ok(Some(LocalCourse {
        id,
        hash: course_hash(&title, &lessons),
        origin: Origin::of(pack_id, pack_version, content_hash),
    }))
}

/// Her course against the pack's, by the same rules as a material's.
async fn course_state(
    conn: &mut SqliteConnection,
    pack: &Manifest,
    course: &PackCourse,
) -> Result<(ItemState, Option<LocalCourse>), sqlx::Error> {
    let Some(hers) = local_course(conn, &course.uid).await? else { return Ok((ItemState::New, None)) };
    let (title, lessons) = course_content(course);
    let untouched = hers.origin.as_ref().is_some_and(|o| o.hash == hers.hash);
    let state = judge(pack, hers.origin.as_ref(), &hers.hash, untouched, &course_hash(&title, &lessons));
    Ok((state, Some(hers)))
}

/// Makes the course (with the pack's stable id), brings hers up to the
/// pack's title and lessons, or makes a copy beside hers, as its state and
/// her `chosen` say; who takes hers and their progress stay hers. Answers
/// whether a course was made or changed.
async fn place_course(
    conn: &mut SqliteConnection,
    pack: &Manifest,
    course: &PackCourse,
    chosen: Resolution,
    now: EpochSecs,
) -> Result<bool, PackError> {
    check_course(course)?;
    let (title, lessons) = course_content(course);
    let theirs = course_hash(&title, &lessons);
    let (state, hers) = course_state(conn, pack, course).await?;
    let id = match (hers, resolved(state, chosen)) {
        (None, _) => insert_course(conn, &course.uid, &title, now).await?,
        (Some(hers), Resolution::Theirs) => {
            sqlx::query("UPDATE courses SET title = ?2 WHERE id = ?1")
                .bind(hers.id)
                .bind(&title)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM course_lessons WHERE course_id = ?1").bind(hers.id).execute(&mut *conn).await?;
            hers.id
        }
        (Some(hers), kept) => {
            if settles(pack, hers.origin.as_ref(), state, &theirs) {
                remember_course(conn, hers.id, pack, &theirs).await?;
            }
            if kept == Resolution::Mine {
                return Ok(false);
            }
            // Theirs beside hers, as a course of its own that no pack updates.
            let copy =
                insert_course(conn, &new_uid()?, &beside_title(&title, crate::courses::MAX_TITLE_CHARS), now).await?;
            place_lessons(conn, copy, &lessons).await?;
            return Ok(true);
        }
    };
    place_lessons(conn, id, &lessons).await?;
    remember_course(conn, id, pack, &theirs).await?;
    Ok(true)
}

async fn insert_course(
    conn: &mut SqliteConnection,
    uid: &str,
    title: &str,
    now: EpochSecs,
) -> Result<CourseId, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO courses (uid, title, created_at) VALUES (?1, ?2, ?3) RETURNING id")
        .bind(uid)
        .bind(title)
        .bind(now)
        .fetch_one(&mut *conn)
        .await
}

/// The course's lessons, in order, by their materials' stable ids.
async fn place_lessons(
    conn: &mut SqliteConnection,
    id: CourseId,
    lessons: &[(String, Option<u8>)],
) -> Result<(), sqlx::Error> {
    for (position, (uid, score)) in lessons.iter().enumerate() {
        sqlx::query(
            "INSERT OR IGNORE INTO course_lessons (course_id, material_id, position, pass_score)
             SELECT ?1, id, ?3, ?4 FROM materials WHERE uid = ?2",
        )
        .bind(id)
        .bind(uid)
        .bind(position as i64)
        .bind(score)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn remember_course(
    conn: &mut SqliteConnection,
    id: CourseId,
    pack: &Manifest,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_origins (course_id, pack_id, pack_version, content_hash) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (course_id) DO UPDATE SET pack_id = ?2, pack_version = ?3, content_hash = ?4",
    )
    .bind(id)
    .bind(&pack.pack_id)
    .bind(pack.pack_version)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Her title for theirs beside hers, within the title cap of `max` characters.
fn beside_title(title: &str, max: usize) -> String {
    const MARK: &str = "（导入）";
    let keep = max.saturating_sub(MARK.chars().count());
    format!("{}{MARK}", title.chars().take(keep).collect::<String>())
}

/// A pack's record through the same checks as the form: a record that
/// would be refused there refuses the pack, naming it.
fn checked(theirs: &PackMaterial, folder_id: Option<FolderId>) -> Result<Checked, PackError> {
    let draft = MaterialDraft {
        title: theirs.title.clone(),
        kind: theirs.kind,
        body: theirs.body.clone(),
        notes: theirs.notes.clone(),
        tags: theirs.tags.clone(),
        folder_id,
        product: theirs.product.clone().unwrap_or_default(),
        expires_on: theirs.expires_on.clone().unwrap_or_default(),
        parts: theirs.parts.clone(),
    };
    draft.check().map_err(|error| record_refused(MATERIALS, &theirs.title, error))
}

/// Every record through the checks its import runs, before anything is
/// looked up: the preview refuses what the import would, with the same
/// words, naming the entry, the record and the field.
fn check_records(pack: &Pack) -> Result<(), PackError> {
    for folder in &pack.folders {
        folder_name(folder)?;
    }
    for theirs in &pack.materials {
        checked(theirs, None)?;
    }
    for course in &pack.courses {
        check_course(course)?;
    }
    Ok(())
}

/// A course with no title, or no lessons, cannot be taught.
fn check_course(course: &PackCourse) -> Result<(), PackError> {
    if course.title.trim().is_empty() {
        return Err(record_refused(COURSES, &course.title, "title: empty"));
    }
    if course.lessons.is_empty() || course.lessons.len() > crate::courses::MAX_LESSONS {
        return Err(record_refused(COURSES, &course.title, "lessons: none, or too many"));
    }
    Ok(())
}

/// A folder's name as made at her top level or under its parent.
fn folder_name(folder: &PackFolder) -> Result<String, PackError> {
    let name: String = folder.name.trim().chars().take(crate::materials::folders::MAX_NAME_CHARS).collect();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(record_refused(FOLDERS, &folder.name, "name: empty or a control character"));
    }
    Ok(name)
}

/// The one refusal of a record: its entry, its title (cut short, a hostile
/// pack's title is any length) and why, naming the field.
fn record_refused(entry: &str, title: &str, reason: impl std::fmt::Display) -> PackError {
    let shown: String = title.chars().take(40).collect();
    PackError::Refused(Message::new("pack.record").with("entry", entry).with("title", shown).with("reason", reason))
}

async fn local(conn: &mut SqliteConnection, uid: &str) -> Result<Option<Local>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Found {
        #[sqlx(flatten)]
        stored: Stored,
        origin_pack: Option<String>,
        origin_version: Option<u32>,
    }
    let found: Option<Found> = sqlx::query_as(
        "SELECT m.id, m.uid, m.revision, m.title, m.kind, m.body, m.notes, NULL AS folder_uid, m.product,
                m.expires_on, m.parts, o.content_hash AS origin, o.pack_id AS origin_pack,
                o.pack_version AS origin_version
         FROM materials m LEFT JOIN material_origins o ON o.material_id = m.id WHERE m.uid = ?1",
    )
    .bind(uid)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Found { stored, origin_pack, origin_version }) = found else { return Ok(None) };
    let (stored, packed) = stored.packed(conn).await?;
    Ok(Some(Local {
        id: stored.id,
        revision: stored.revision,
        title: stored.title,
        hash: content_hash(&packed, Notes::Included),
        bare: content_hash(&packed, Notes::Omitted),
        notes: stored.notes,
        origin: Origin::of(origin_pack, origin_version, stored.origin),
    }))
}

/// Theirs as she will keep it: its notes only where the pack carries notes,
/// else `hers` (none, for a material new to her).
fn taken(theirs: &PackMaterial, folder: Option<FolderId>, notes: Notes, hers: &str) -> Result<Checked, PackError> {
    let mut kept = checked(theirs, folder)?;
    if notes == Notes::Omitted {
        hers.clone_into(&mut kept.notes);
    }
    Ok(kept)
}

async fn current_folder(conn: &mut SqliteConnection, id: MaterialId) -> Result<Option<FolderId>, sqlx::Error> {
    sqlx::query_scalar("SELECT folder_id FROM materials WHERE id = ?1").bind(id).fetch_one(&mut *conn).await
}

async fn remember(
    conn: &mut SqliteConnection,
    id: MaterialId,
    pack_id: &str,
    version: u32,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO material_origins (material_id, pack_id, pack_version, content_hash) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (material_id) DO UPDATE SET pack_id = ?2, pack_version = ?3, content_hash = ?4",
    )
    .bind(id)
    .bind(pack_id)
    .bind(version)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The pack's folders by their stable ids: found, or made (a top folder of
/// the pack at her top level; a name already taken there gets a mark).
async fn place_folders(
    conn: &mut SqliteConnection,
    pack: &Pack,
    now: EpochSecs,
) -> Result<HashMap<String, FolderId>, PackError> {
    let mut placed: HashMap<String, FolderId> = HashMap::new();
    for folder in &pack.folders {
        let name = folder_name(folder)?;
        let found: Option<FolderId> = sqlx::query_scalar("SELECT id FROM material_folders WHERE uid = ?1")
            .bind(&folder.uid)
            .fetch_optional(&mut *conn)
            .await?;
        let id = match found {
            Some(id) => id,
            None => {
                let parent = folder.parent_uid.as_ref().and_then(|uid| placed.get(uid)).copied();
                match insert_folder(conn, &folder.uid, parent, &name, now).await {
                    Ok(id) => id,
                    Err(error) if is_unique_violation(&error) => {
                        let marked: String = name.chars().take(crate::materials::folders::MAX_NAME_CHARS - 4).collect();
                        insert_folder(conn, &folder.uid, parent, &format!("{marked}（导入）"), now).await?
                    }
                    Err(error) => return Err(error.into()),
                }
            }
        };
        placed.insert(folder.uid.clone(), id);
    }
    Ok(placed)
}

async fn insert_folder(
    conn: &mut SqliteConnection,
    uid: &str,
    parent: Option<FolderId>,
    name: &str,
    now: EpochSecs,
) -> Result<FolderId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO material_folders (uid, parent_id, name, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(uid)
    .bind(parent)
    .bind(name)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}
