//! Exporting a folder (with everything below it), a tag or a course (its
//! lessons in order) as a pack.

use super::{
    sha256_hex, Counts, Entry, Manifest, Notes, PackError, PackFolder, PackMaterial, Stored, FOLDERS, FORMAT_VERSION,
    MANIFEST, MATERIALS, MEDIA_PREFIX,
};
use super::{PackCourse, PackLesson, COURSES};
use crate::media::MediaStore;
use crate::model::Message;
use crate::model::{format_platform, CourseId, EpochSecs, FolderId};
use crate::store::atomic::{Existing, Staged};
use sqlx::SqlitePool;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone)]
pub enum Selection {
    Folder(FolderId),
    Tag(String),
    /// A course with its lessons.
    Course(CourseId),
}

/// Who a pack says it is from, and whether her private notes go with it.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub name: &'a str,
    pub notes: Notes,
}

/// Writes the pack of `selection` to `path` (staged, then renamed into
/// place) and returns its manifest. Archived materials stay behind, and so
/// do notes unless `author.notes` includes them. The selection and the
/// author stay out of the trace: a tag or a name is her own words.
#[tracing::instrument(skip_all, fields(notes = ?author.notes))]
pub async fn export(
    pool: &SqlitePool,
    media: &MediaStore,
    selection: &Selection,
    author: Author<'_>,
    path: &Path,
    existing: Existing,
    now: EpochSecs,
) -> Result<Manifest, PackError> {
    let (pack_id, title, folders) = match selection {
        Selection::Folder(id) => {
            let folder: Named = sqlx::query_as("SELECT uid, name FROM material_folders WHERE id = ?1")
                .bind(id)
                .fetch_optional(pool)
                .await?
                .ok_or_else(|| PackError::refused("materials.folderNotFound"))?;
            (format!("folder-{}", folder.uid), format!("文件夹「{}」", folder.name), subtree(pool, *id).await?)
        }
        Selection::Tag(tag) => {
            (format!("tag-{}", &sha256_hex(tag.as_bytes())[..32]), format!("标签「{tag}」"), Vec::new())
        }
        Selection::Course(id) => {
            let course: Named = sqlx::query_as(COURSE_NAMED)
                .bind(id)
                .fetch_optional(pool)
                .await?
                .ok_or_else(|| PackError::refused("courses.notFound"))?;
            (format!("course-{}", course.uid), format!("课程「{}」", course.name), Vec::new())
        }
    };
    let courses = match selection {
        Selection::Course(id) => vec![course_of(pool, *id).await?],
        _ => Vec::new(),
    };
    let mut materials = materials_of(pool, selection).await?;
    if author.notes == Notes::Omitted {
        materials.iter_mut().for_each(|m| m.notes.clear());
    }
    if materials.is_empty() {
        return Err(PackError::refused("pack.nothingToExport"));
    }
    let pack_version: u32 = sqlx::query_scalar(
        "INSERT INTO pack_exports (pack_id, version, exported_at) VALUES (?1, 1, ?2)
         ON CONFLICT (pack_id) DO UPDATE SET version = version + 1, exported_at = ?2
         RETURNING version",
    )
    .bind(&pack_id)
    .bind(now)
    .fetch_one(pool)
    .await?;
    let mut records =
        vec![(FOLDERS, serde_json::to_vec_pretty(&folders)), (MATERIALS, serde_json::to_vec_pretty(&materials))];
    if !courses.is_empty() {
        records.push((COURSES, serde_json::to_vec_pretty(&courses)));
    }
    let mut bodies: Vec<(String, Vec<u8>)> = Vec::with_capacity(records.len());
    for (name, bytes) in records {
        bodies.push((name.to_owned(), bytes.map_err(|e| write_error(path, e))?));
    }
    let pictures = pictures_of(pool, media, &materials).await?;
    let media_count = pictures.len() as u32;
    bodies.extend(pictures);
    // Hashing and compressing a library's pictures take seconds: off the runtime.
    let (bodies, entries) = off_runtime(path, move || {
        let entries: Vec<Entry> = bodies
            .iter()
            .map(|(name, bytes)| Entry { path: name.clone(), sha256: sha256_hex(bytes), bytes: bytes.len() as u64 })
            .collect();
        Ok((bodies, entries))
    })
    .await?;
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        pack_id,
        pack_version,
        title,
        publisher: author.name.trim().chars().take(60).collect(),
        created: format_platform(now),
        counts: Counts {
            folders: folders.len() as u32,
            materials: materials.len() as u32,
            media: media_count,
            courses: courses.len() as u32,
        },
        entries,
        includes_notes: author.notes == Notes::Included,
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| write_error(path, e))?;
    let target = path.to_path_buf();
    off_runtime(path, move || write_zip(&target, existing, &bodies, &manifest_bytes)).await?;
    Ok(manifest)
}

async fn off_runtime<T: Send + 'static>(
    path: &Path,
    work: impl FnOnce() -> Result<T, PackError> + Send + 'static,
) -> Result<T, PackError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| write_error(path, e))?
}

/// The entries and then the manifest as a ZIP at `path`, staged and renamed
/// into place.
fn write_zip(path: &Path, existing: Existing, bodies: &[(String, Vec<u8>)], manifest: &[u8]) -> Result<(), PackError> {
    let mut staged = Staged::new(path, existing).map_err(|e| write_error(path, e))?;
    {
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(staged.file()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in bodies.iter().map(|(n, b)| (n.as_str(), b.as_slice())).chain([(MANIFEST, manifest)]) {
            // Pictures are compressed already: stored, they cost no time.
            let options = if name.starts_with(MEDIA_PREFIX) {
                options.compression_method(zip::CompressionMethod::Stored)
            } else {
                options
            };
            zip.start_file(name, options).map_err(|e| write_error(path, e))?;
            zip.write_all(bytes).map_err(|e| write_error(path, e))?;
        }
        let mut inner = zip.finish().map_err(|e| write_error(path, e))?;
        inner.flush().map_err(|e| write_error(path, e))?;
    }
    staged.commit().map_err(|e| write_error(path, e))
}

/// Each picture the materials show, once, as `media/<sha256>.<ext>`.
async fn pictures_of(
    pool: &SqlitePool,
    media: &MediaStore,
    materials: &[PackMaterial],
) -> Result<Vec<(String, Vec<u8>)>, PackError> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for hash in materials.iter().flat_map(|m| m.parts.images()) {
        if !seen.insert(hash.clone()) {
            continue;
        }
        let (info, bytes) = media.read(pool, hash).await.map_err(|error| {
            PackError::Refused(Message::new("pack.badMedia").with("entry", hash).with("reason", error))
        })?;
        out.push((format!("{MEDIA_PREFIX}{}.{}", info.hash, info.format.extension()), bytes));
    }
    Ok(out)
}

fn write_error(path: &Path, error: impl std::fmt::Display) -> PackError {
    PackError::Write { path: path.to_path_buf(), reason: error.to_string() }
}

/// `root` and every folder below it, parents first; `root` goes at the top.
async fn subtree(pool: &SqlitePool, root: FolderId) -> Result<Vec<PackFolder>, sqlx::Error> {
    sqlx::query_as(
        "WITH RECURSIVE below (id, depth) AS (
             SELECT ?1, 0 UNION ALL
             SELECT f.id, below.depth + 1 FROM material_folders f JOIN below ON f.parent_id = below.id
         )
         SELECT f.uid, CASE WHEN f.id = ?1 THEN NULL ELSE p.uid END AS parent_uid, f.name
         FROM below JOIN material_folders f ON f.id = below.id LEFT JOIN material_folders p ON p.id = f.parent_id
         ORDER BY below.depth, f.name",
    )
    .bind(root)
    .fetch_all(pool)
    .await
}

/// A folder or course by its stable id and its name (a course's title).
#[derive(sqlx::FromRow)]
struct Named {
    uid: String,
    name: String,
}

const COURSE_NAMED: &str = "SELECT uid, title AS name FROM courses WHERE id = ?1";

/// The course with its lessons named by their materials' stable ids.
async fn course_of(pool: &SqlitePool, id: CourseId) -> Result<PackCourse, PackError> {
    let course: Named = sqlx::query_as(COURSE_NAMED).bind(id).fetch_one(pool).await?;
    let lessons: Vec<PackLesson> = sqlx::query_as(
        "SELECT m.uid AS material_uid, l.pass_score FROM course_lessons l JOIN materials m ON m.id = l.material_id
         WHERE l.course_id = ?1 AND m.archived_at IS NULL ORDER BY l.position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(PackCourse { uid: course.uid, title: course.name, lessons })
}

async fn materials_of(pool: &SqlitePool, selection: &Selection) -> Result<Vec<PackMaterial>, PackError> {
    let (folder, tag, course) = match selection {
        Selection::Folder(id) => (Some(*id), None, None),
        Selection::Tag(tag) => (None, Some(tag.as_str()), None),
        Selection::Course(id) => (None, None, Some(*id)),
    };
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT m.id, m.uid, m.revision, m.title, m.kind, m.body, m.notes,
                CASE WHEN ?1 IS NULL THEN NULL ELSE f.uid END AS folder_uid, m.product, m.expires_on, m.parts,
                NULL AS origin
         FROM materials m LEFT JOIN material_folders f ON f.id = m.folder_id
         WHERE m.archived_at IS NULL
           AND (?1 IS NULL OR m.folder_id IN (
                WITH RECURSIVE below (id) AS (
                    SELECT ?1 UNION SELECT c.id FROM material_folders c JOIN below ON c.parent_id = below.id
                ) SELECT id FROM below))
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM material_tags t WHERE t.material_id = m.id AND t.tag = ?2))
           AND (?3 IS NULL OR m.id IN (SELECT material_id FROM course_lessons WHERE course_id = ?3))
         ORDER BY m.id",
    )
    .bind(folder)
    .bind(tag)
    .bind(course)
    .fetch_all(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    let mut out = Vec::with_capacity(stored.len());
    for material in stored {
        out.push(material.packed(&mut conn).await?.1);
    }
    Ok(out)
}
