//! Training packs (`.tzpack`): a folder or a tag of the library, handed from
//! one laptop to another as one ZIP. A manifest names the format version,
//! the pack and its version, the publisher, when, the counts and a SHA-256
//! for every entry; the records keep their stable ids and revisions. A pack
//! carries materials, folders, courses and their pictures only: never her links, partners, groups or
//! earnings (a `{链接}` travels as the placeholder it is and fills from the
//! importer's own account).

pub mod import;
pub mod read;
pub mod write;

use crate::error::{AppError, ErrorCode};
use crate::model::MaterialKind;
use crate::model::Message;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What this version reads and writes; a pack of a newer format is refused.
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const FOLDERS: &str = "folders.json";
pub const MATERIALS: &str = "materials.json";
pub const COURSES: &str = "courses.json";
/// Pictures travel as `media/<sha256>.<ext>`, untouched.
pub const MEDIA_PREFIX: &str = "media/";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export, rename = "PackManifest")]
pub struct Manifest {
    pub format_version: u32,
    /// The same folder or tag exported again is the same pack, one version on.
    pub pack_id: String,
    pub pack_version: u32,
    /// What was exported, in words: 文件夹「新人培训」.
    pub title: String,
    pub publisher: String,
    /// Beijing wall time, `yyyy-MM-dd HH:mm:ss`.
    pub created: String,
    pub counts: Counts,
    #[serde(with = "listed")]
    #[ts(as = "Vec<Entry>")]
    pub entries: Vec<Entry>,
    /// Whether the author ticked "include notes": private notes stay on
    /// her laptop unless she does. A pack that does not say carries none
    /// (notes its records hold anyway are not taken).
    #[serde(default)]
    pub includes_notes: bool,
}

impl Manifest {
    pub fn notes(&self) -> Notes {
        if self.includes_notes {
            Notes::Included
        } else {
            Notes::Omitted
        }
    }
}

/// Whether a pack carries the materials' private notes: only when the
/// author asks, at export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Omitted,
    Included,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, ts_rs::TS)]
#[ts(export, rename = "PackCounts")]
pub struct Counts {
    pub folders: u32,
    pub materials: u32,
    #[serde(default)]
    pub media: u32,
    #[serde(default)]
    pub courses: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export, rename = "PackEntry")]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct PackFolder {
    pub uid: String,
    /// `None` for the pack's top folders.
    pub parent_uid: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PackMaterial {
    pub uid: String,
    pub revision: i64,
    pub title: String,
    pub kind: MaterialKind,
    pub body: String,
    /// Empty, and left out, unless the pack includes notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, deserialize_with = "crate::model::at_most::<_, _, { crate::materials::draft::MAX_TAGS_GIVEN }>")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub folder_uid: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(default)]
    pub expires_on: Option<String>,
    /// Text blocks, pictures by hash, the link (a placeholder), a poster.
    #[serde(default, deserialize_with = "crate::materials::parts::at_most_parts")]
    pub parts: crate::materials::Parts,
}

/// A course as a pack carries it: its lessons by the materials' stable
/// ids. Who takes it stays on the exporter's laptop.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PackCourse {
    pub uid: String,
    pub title: String,
    #[serde(deserialize_with = "crate::model::at_most::<_, _, { crate::courses::MAX_LESSONS }>")]
    pub lessons: Vec<PackLesson>,
}

/// Also a stored lesson, read by its material's uid (`SELECT m.uid AS material_uid, l.pass_score`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct PackLesson {
    pub material_uid: String,
    #[serde(default)]
    pub pass_score: Option<u8>,
}

/// A manifest's entries, read no further than a pack may hold (`with`, as
/// `ts-rs` reads no `deserialize_with`).
mod listed {
    use super::Entry;
    use serde::{Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(entries: &[Entry], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(entries)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Entry>, D::Error> {
        crate::model::at_most::<D, Entry, { super::read::MAX_ENTRIES }>(deserializer)
    }
}

/// Why a pack was refused, in words the window and the CLI show; nothing
/// was written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{0}")]
    Refused(Message),
    #[error("cannot write {path}: {reason}")]
    Write { path: std::path::PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl PackError {
    pub fn refused(key: &str) -> PackError {
        PackError::Refused(Message::new(key))
    }

    pub fn message(&self) -> Message {
        match self {
            PackError::Refused(message) => message.clone(),
            PackError::Write { path, reason } => {
                Message::new("pack.write").with("path", path.display()).with("reason", reason)
            }
            PackError::Store(error) => Message::new("pack.store").with("reason", error),
        }
    }
}

impl From<crate::model::FormError> for PackError {
    fn from(error: crate::model::FormError) -> PackError {
        match error {
            crate::model::FormError::Store(error) => PackError::Store(error),
            other => PackError::Refused(Message::new("pack.record").with("reason", other)),
        }
    }
}

/// A material as stored, in the columns a pack needs.
#[derive(sqlx::FromRow)]
struct Stored {
    id: crate::model::MaterialId,
    uid: String,
    revision: i64,
    title: String,
    kind: MaterialKind,
    body: String,
    notes: String,
    /// Its folder's stable id, where the pack carries folders.
    folder_uid: Option<String>,
    product: Option<String>,
    #[sqlx(try_from = "Option<i64>")]
    expires_on: crate::model::StoredDay,
    #[sqlx(try_from = "String")]
    parts: crate::materials::Parts,
    /// What it said when it last came in from a pack.
    origin: Option<String>,
}

impl Stored {
    /// With its tags read, as a pack carries it.
    async fn packed(self, conn: &mut sqlx::SqliteConnection) -> Result<(Stored, PackMaterial), sqlx::Error> {
        let tags: Vec<String> =
            sqlx::query_scalar("SELECT tag FROM material_tags WHERE material_id = ?1 ORDER BY position")
                .bind(self.id)
                .fetch_all(&mut *conn)
                .await?;
        let packed = PackMaterial {
            uid: self.uid.clone(),
            revision: self.revision,
            title: self.title.clone(),
            kind: self.kind,
            body: self.body.clone(),
            notes: self.notes.clone(),
            tags,
            folder_uid: self.folder_uid.clone(),
            product: self.product.clone(),
            expires_on: self.expires_on.day.map(|d| d.to_string()),
            parts: self.parts.clone(),
        };
        Ok((self, packed))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a material says, hashed: equal hashes, equal materials on either
/// laptop. Its id, revision and folder are not what it says: a tag's pack
/// carries no folders, and where she files it is hers. Without `notes`
/// (a pack that carries none) it hashes as a material with empty notes, so
/// one whose notes are empty hashes the same either way.
pub fn content_hash(m: &PackMaterial, notes: Notes) -> String {
    let notes = if notes == Notes::Included { m.notes.as_str() } else { "" };
    let mut content = serde_json::json!([m.title, m.kind, m.body, notes, m.tags, m.product, m.expires_on]);
    // Materials without parts hash as they did before parts existed.
    if let (false, serde_json::Value::Array(items)) = (m.parts.0.is_empty(), &mut content) {
        items.push(serde_json::json!(m.parts));
    }
    sha256_hex(content.to_string().as_bytes())
}

impl From<PackError> for AppError {
    fn from(error: PackError) -> AppError {
        let code = match error {
            PackError::Refused(_) => ErrorCode::Validation,
            PackError::Write { .. } | PackError::Store(_) => ErrorCode::Internal,
        };
        AppError::new(code, error.message())
    }
}
