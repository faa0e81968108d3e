//! Importing a pack: a preview that sorts every material into new, updated,
//! unchanged or in conflict (both sides changed it since it last travelled),
//! then one transaction that applies her choices. Importing the same pack
//! twice changes nothing; a newer version updates only what its author
//! changed.

use super::read::Pack;
use super::{content_hash, Manifest, PackCourse, PackError, PackMaterial, Stored};
use crate::error::{is_unique_violation, Message};
use crate::materials::draft::{Checked, MaterialDraft};
use crate::materials::edit::{self, new_uid};
use crate::media::MediaStore;
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
    pub items: Vec<PlannedItem>,
    /// Courses: new, or updated (their title or lessons differ from hers).
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
    hash: String,
    /// The hash it had when it last came in from a pack.
    origin: Option<String>,
}

pub async fn plan(pool: &SqlitePool, pack: &Pack) -> Result<Plan, PackError> {
    let mut conn = pool.acquire().await?;
    let mut items = Vec::with_capacity(pack.materials.len());
    let mut tally = Tally::default();
    for theirs in &pack.materials {
        let local = local(&mut conn, &theirs.uid).await?;
        let state = state(local.as_ref(), theirs);
        match state {
            ItemState::New => tally.new += 1,
            ItemState::Updated => tally.updated += 1,
            ItemState::Unchanged => tally.unchanged += 1,
            ItemState::Conflict => tally.conflict += 1,
        }
        let mine_title = local.filter(|l| l.title != theirs.title).map(|l| l.title);
        items.push(PlannedItem { uid: theirs.uid.clone(), title: theirs.title.clone(), state, mine_title });
    }
    let mut courses = Vec::with_capacity(pack.courses.len());
    for course in &pack.courses {
        let state = match course_state(&mut conn, course).await? {
            CourseState::New => ItemState::New,
            CourseState::Differs(_) => ItemState::Updated,
            CourseState::Same => ItemState::Unchanged,
        };
        courses.push(PlannedCourse { uid: course.uid.clone(), title: course.title.clone(), state });
    }
    Ok(Plan { manifest: pack.manifest.clone(), items, courses, tally })
}

fn state(local: Option<&Local>, theirs: &PackMaterial) -> ItemState {
    let Some(local) = local else { return ItemState::New };
    let theirs_hash = content_hash(theirs);
    if local.hash == theirs_hash {
        return ItemState::Unchanged;
    }
    match local.origin.as_deref() {
        // She has not touched it since it came: the author's change is taken.
        Some(origin) if origin == local.hash => ItemState::Updated,
        // The author has not changed it since: hers is the newer.
        Some(origin) if origin == theirs_hash => ItemState::Unchanged,
        _ => ItemState::Conflict,
    }
}

/// Applies the pack: `choices` settles named conflicts, `otherwise` the rest.
pub async fn apply(
    pool: &SqlitePool,
    media: &MediaStore,
    pack: &Pack,
    otherwise: Resolution,
    choices: &HashMap<String, Resolution>,
    now: EpochSecs,
) -> Result<Tally, PackError> {
    // Pictures first, each checked as one added by hand: a picture that is
    // not one refuses the pack before any material is written.
    for (hash, bytes) in &pack.media {
        let kept = media.add(pool, bytes.clone(), now).await.map_err(|error| {
            PackError::Refused(Message::new("pack.badMedia").with("entry", hash).with("reason", error))
        })?;
        if &kept.hash != hash {
            return Err(PackError::Refused(Message::new("pack.checksum").with("entry", hash)));
        }
    }
    let mut tx = pool.begin().await?;
    let folders = place_folders(&mut tx, pack, now).await?;
    let mut tally = Tally::default();
    let (pack_id, version) = (&pack.manifest.pack_id, pack.manifest.pack_version);
    for theirs in &pack.materials {
        let local = local(&mut tx, &theirs.uid).await?;
        let theirs_hash = content_hash(theirs);
        let folder = theirs.folder_uid.as_ref().and_then(|uid| folders.get(uid)).copied();
        match (state(local.as_ref(), theirs), local) {
            (ItemState::New, _) => {
                let id = edit::insert(&mut tx, &checked(theirs, folder)?, &theirs.uid, now).await?;
                remember(&mut tx, id, pack_id, version, &theirs_hash).await?;
                tally.new += 1;
            }
            (ItemState::Unchanged, Some(local)) => {
                if local.origin.is_some() || local.hash == theirs_hash {
                    remember(&mut tx, local.id, pack_id, version, &theirs_hash).await?;
                }
                tally.unchanged += 1;
            }
            (ItemState::Updated, Some(local)) => {
                let folder = folder.or(current_folder(&mut tx, local.id).await?);
                edit::overwrite(&mut tx, local.id, local.revision + 1, &checked(theirs, folder)?, now).await?;
                remember(&mut tx, local.id, pack_id, version, &theirs_hash).await?;
                tally.updated += 1;
            }
            (ItemState::Conflict, Some(local)) => match choices.get(&theirs.uid).copied().unwrap_or(otherwise) {
                Resolution::Mine => {
                    remember(&mut tx, local.id, pack_id, version, &theirs_hash).await?;
                    tally.kept_mine += 1;
                }
                Resolution::Theirs => {
                    let folder = folder.or(current_folder(&mut tx, local.id).await?);
                    edit::overwrite(&mut tx, local.id, local.revision + 1, &checked(theirs, folder)?, now).await?;
                    remember(&mut tx, local.id, pack_id, version, &theirs_hash).await?;
                    tally.updated += 1;
                }
                Resolution::Both => {
                    let mut copy = checked(theirs, folder)?;
                    copy.title = beside_title(&copy.title);
                    edit::insert(&mut tx, &copy, &new_uid()?, now).await?;
                    remember(&mut tx, local.id, pack_id, version, &theirs_hash).await?;
                    tally.kept_both += 1;
                }
            },
            (_, None) => return Err(PackError::refused("pack.unreadable")),
        }
    }
    for course in &pack.courses {
        if place_course(&mut tx, course, now).await? {
            tally.courses += 1;
        }
    }
    tx.commit().await?;
    Ok(tally)
}

enum CourseState {
    New,
    /// Hers, by id, whose title or lessons differ.
    Differs(CourseId),
    Same,
}

/// Her lessons of the course as (material uid, pass score), in order.
async fn course_state(conn: &mut SqliteConnection, course: &PackCourse) -> Result<CourseState, sqlx::Error> {
    let found: Option<(CourseId, String)> = sqlx::query_as("SELECT id, title FROM courses WHERE uid = ?1")
        .bind(&course.uid)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((id, title)) = found else { return Ok(CourseState::New) };
    let hers: Vec<(String, Option<u8>)> = sqlx::query_as(
        "SELECT m.uid, l.pass_score FROM course_lessons l JOIN materials m ON m.id = l.material_id
         WHERE l.course_id = ?1 ORDER BY l.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let theirs: Vec<(String, Option<u8>)> =
        course.lessons.iter().map(|l| (l.material_uid.clone(), l.pass_score)).collect();
    Ok(if title == course.title && hers == theirs { CourseState::Same } else { CourseState::Differs(id) })
}

/// Makes the course (with the pack's stable id) or brings hers up to the
/// pack's title and lessons; who takes it and their progress stay hers.
/// Answers whether anything was written.
async fn place_course(conn: &mut SqliteConnection, course: &PackCourse, now: EpochSecs) -> Result<bool, PackError> {
    let title: String = course.title.trim().chars().take(crate::courses::MAX_TITLE_CHARS).collect();
    if title.is_empty() || course.lessons.is_empty() || course.lessons.len() > crate::courses::MAX_LESSONS {
        return Err(PackError::Refused(
            Message::new("pack.record").with("title", &course.title).with("reason", "course"),
        ));
    }
    let id = match course_state(conn, course).await? {
        CourseState::Same => return Ok(false),
        CourseState::Differs(id) => {
            sqlx::query("UPDATE courses SET title = ?2 WHERE id = ?1")
                .bind(id)
                .bind(&title)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM course_lessons WHERE course_id = ?1").bind(id).execute(&mut *conn).await?;
            id
        }
        CourseState::New => {
            sqlx::query_scalar("INSERT INTO courses (uid, title, created_at) VALUES (?1, ?2, ?3) RETURNING id")
                .bind(&course.uid)
                .bind(&title)
                .bind(now)
                .fetch_one(&mut *conn)
                .await?
        }
    };
    for (position, lesson) in course.lessons.iter().enumerate() {
        let score = lesson.pass_score.filter(|s| (1..=100).contains(s));
        sqlx::query(
            "INSERT OR IGNORE INTO course_lessons (course_id, material_id, position, pass_score)
             SELECT ?1, id, ?3, ?4 FROM materials WHERE uid = ?2",
        )
        .bind(id)
        .bind(&lesson.material_uid)
        .bind(position as i64)
        .bind(score)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// Her title for theirs beside hers, within the title cap.
fn beside_title(title: &str) -> String {
    const MARK: &str = "（导入）";
    let keep = crate::materials::draft::MAX_TITLE_CHARS - MARK.chars().count();
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
    draft.check().map_err(|error| {
        PackError::Refused(Message::new("pack.record").with("title", &theirs.title).with("reason", error))
    })
}

async fn local(conn: &mut SqliteConnection, uid: &str) -> Result<Option<Local>, sqlx::Error> {
    let stored: Option<Stored> = sqlx::query_as(
        "SELECT m.id, m.uid, m.revision, m.title, m.kind, m.body, m.notes, NULL AS folder_uid, m.product,
                m.expires_on, m.parts, o.content_hash AS origin
         FROM materials m LEFT JOIN material_origins o ON o.material_id = m.id WHERE m.uid = ?1",
    )
    .bind(uid)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(stored) = stored else { return Ok(None) };
    let (stored, packed) = stored.packed(conn).await?;
    Ok(Some(Local {
        id: stored.id,
        revision: stored.revision,
        title: stored.title,
        hash: content_hash(&packed),
        origin: stored.origin,
    }))
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
        let found: Option<FolderId> = sqlx::query_scalar("SELECT id FROM material_folders WHERE uid = ?1")
            .bind(&folder.uid)
            .fetch_optional(&mut *conn)
            .await?;
        let id = match found {
            Some(id) => id,
            None => {
                let parent = folder.parent_uid.as_ref().and_then(|uid| placed.get(uid)).copied();
                let name: String = folder.name.trim().chars().take(crate::materials::folders::MAX_NAME_CHARS).collect();
                if name.is_empty() || name.chars().any(char::is_control) {
                    return Err(PackError::Refused(
                        Message::new("pack.record").with("title", &folder.name).with("reason", "folder name"),
                    ));
                }
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
