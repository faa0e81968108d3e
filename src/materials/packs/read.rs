//! Opening a pack from another laptop, which is hostile until proven
//! otherwise: the ZIP is measured before anything is inflated, every entry
//! must be one the manifest lists with a matching SHA-256, no path may leave
//! the pack, and a newer format is refused. Any refusal writes nothing.

use super::{
    sha256_hex, Manifest, PackCourse, PackError, PackFolder, PackMaterial, COURSES, FOLDERS, FORMAT_VERSION, MANIFEST,
    MATERIALS, MEDIA_PREFIX,
};
use crate::error::Message;
use crate::media::MediaHash;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// A pack bigger than this is refused before it is read.
pub const MAX_PACK_BYTES: u64 = 512 * 1024 * 1024;
/// The records, and the pictures of a library's worth of kits.
pub const MAX_ENTRIES: usize = 8 + MAX_MEDIA;
pub const MAX_MEDIA: usize = 5_000;
/// Each entry, inflated; the total is bounded by the entry count.
pub const MAX_ENTRY_BYTES: u64 = 128 * 1024 * 1024;
/// Every entry together, inflated.
pub const MAX_TOTAL_BYTES: u64 = 640 * 1024 * 1024;
/// Text compresses well, but not a thousandfold.
pub const MAX_RATIO: u64 = 100;
pub const MAX_MATERIALS: usize = 100_000;
pub const MAX_FOLDERS: usize = 10_000;
pub const MAX_COURSES: usize = 100;

/// A pack that passed every check.
#[derive(Debug, Clone)]
pub struct Pack {
    pub manifest: Manifest,
    pub folders: Vec<PackFolder>,
    pub materials: Vec<PackMaterial>,
    /// Each picture by the hash its entry is named by, checked against it.
    pub media: Vec<(MediaHash, Vec<u8>)>,
    pub courses: Vec<PackCourse>,
}

fn refused(key: &str) -> PackError {
    PackError::refused(key)
}

pub fn open(bytes: &[u8]) -> Result<Pack, PackError> {
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(PackError::Refused(Message::new("pack.tooBig").with("max_mib", MAX_PACK_BYTES / (1024 * 1024))));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| refused("pack.unreadable"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(PackError::Refused(Message::new("pack.tooManyEntries").with("found", archive.len())));
    }
    let mut entries: HashMap<String, Vec<u8>> = HashMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|_| refused("pack.unreadable"))?;
        // A name that is not text is no entry of a pack (shown cut, for the message).
        let name: String = entry.name().map(|n| n.chars().take(200).collect()).unwrap_or_default();
        let escapes = entry.enclosed_name().is_none() || name.starts_with(['/', '\\']) || name.contains('\\');
        if escapes {
            return Err(PackError::Refused(Message::new("pack.badPath").with("entry", &name)));
        }
        if ![MANIFEST, FOLDERS, MATERIALS, COURSES].contains(&name.as_str()) && media_hash(&name).is_none() {
            return Err(PackError::Refused(Message::new("pack.unknownEntry").with("entry", &name)));
        }
        let declared = entry.size();
        if declared > MAX_ENTRY_BYTES || declared > 1024 * 1024 && declared / entry.compressed_size().max(1) > MAX_RATIO
        {
            return Err(PackError::Refused(Message::new("pack.bomb").with("entry", &name)));
        }
        total = total.saturating_add(declared);
        if total > MAX_TOTAL_BYTES {
            return Err(PackError::Refused(Message::new("pack.bomb").with("entry", &name)));
        }
        // A size the entry lies about is caught one byte past it, never
        // after inflating what it really holds.
        let mut inflated = Vec::new();
        (&mut entry)
            .take(declared + 1)
            .read_to_end(&mut inflated)
            .map_err(|_| PackError::Refused(Message::new("pack.unreadable")))?;
        if inflated.len() as u64 > MAX_ENTRY_BYTES || inflated.len() as u64 != declared {
            return Err(PackError::Refused(Message::new("pack.bomb").with("entry", &name)));
        }
        if entries.insert(name.clone(), inflated).is_some() {
            return Err(PackError::Refused(Message::new("pack.unknownEntry").with("entry", &name)));
        }
    }
    let manifest = entries.get(MANIFEST).ok_or_else(|| refused("pack.noManifest"))?;
    let manifest: Manifest = serde_json::from_slice(manifest).map_err(|e| record_error(MANIFEST, &e))?;
    if manifest.format_version > FORMAT_VERSION {
        return Err(PackError::Refused(
            Message::new("pack.newerFormat").with("found", manifest.format_version).with("known", FORMAT_VERSION),
        ));
    }
    for name in entries.keys().filter(|n| n.as_str() != MANIFEST) {
        let listed = manifest.entries.iter().find(|e| &e.path == name);
        let Some(listed) = listed else {
            return Err(PackError::Refused(Message::new("pack.unknownEntry").with("entry", name)));
        };
        if sha256_hex(&entries[name]) != listed.sha256 {
            return Err(PackError::Refused(Message::new("pack.checksum").with("entry", name)));
        }
    }
    if let Some(missing) = manifest.entries.iter().find(|e| !entries.contains_key(&e.path)) {
        return Err(PackError::Refused(Message::new("pack.missingEntry").with("entry", &missing.path)));
    }
    let mut media = Vec::new();
    for name in manifest.entries.iter().map(|e| e.path.as_str()) {
        if let Some((hash, bytes)) = media_hash(name).and_then(|hash| Some((hash, entries.remove(name)?))) {
            if MediaHash::of(&bytes) != hash {
                return Err(PackError::Refused(Message::new("pack.checksum").with("entry", name)));
            }
            media.push((hash, bytes));
        }
    }
    let folders: Vec<PackFolder> = parse(&entries, FOLDERS)?;
    let materials: Vec<PackMaterial> = parse(&entries, MATERIALS)?;
    let courses: Vec<PackCourse> = parse(&entries, COURSES)?;
    if folders.len() > MAX_FOLDERS || materials.len() > MAX_MATERIALS || courses.len() > MAX_COURSES {
        return Err(refused("pack.tooManyRecords"));
    }
    let uids = folders.iter().map(|f| &f.uid).chain(folders.iter().filter_map(|f| f.parent_uid.as_ref()));
    let uids =
        uids.chain(materials.iter().map(|m| &m.uid)).chain(materials.iter().filter_map(|m| m.folder_uid.as_ref()));
    let uids = uids.chain(courses.iter().map(|c| &c.uid));
    if let Some(bad) = uids.into_iter().find(|uid| !is_uid(uid)) {
        let shown: String = bad.chars().take(40).collect();
        return Err(PackError::Refused(Message::new("pack.badId").with("id", shown)));
    }
    let shown: std::collections::HashSet<&MediaHash> = media.iter().map(|(hash, _)| hash).collect();
    if let Some(m) = materials.iter().find(|m| m.parts.images().any(|hash| !shown.contains(hash))) {
        return Err(PackError::Refused(Message::new("pack.missingEntry").with("entry", &m.title)));
    }
    // A lesson names a material of the pack, or the course cannot be taught.
    let carried: std::collections::HashSet<&str> = materials.iter().map(|m| m.uid.as_str()).collect();
    if let Some(course) = courses.iter().find(|c| c.lessons.iter().any(|l| !carried.contains(l.material_uid.as_str())))
    {
        return Err(PackError::Refused(Message::new("pack.missingEntry").with("entry", &course.title)));
    }
    Ok(Pack { manifest, folders, materials, media, courses })
}

/// The hash a `media/<sha256>.<ext>` entry is named by.
fn media_hash(name: &str) -> Option<MediaHash> {
    let file = name.strip_prefix(MEDIA_PREFIX)?;
    let (hash, extension) = file.split_once('.')?;
    ["png", "jpg", "webp", "gif"].contains(&extension).then_some(())?;
    MediaHash::parse(hash)
}

/// A stable id as this app makes them (32 hex digits), with room for the
/// `folder-`/`tag-` forms: short, and nothing but letters, digits and `-`.
fn is_uid(uid: &str) -> bool {
    (1..=64).contains(&uid.len()) && uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn parse<T: serde::de::DeserializeOwned>(entries: &HashMap<String, Vec<u8>>, name: &str) -> Result<Vec<T>, PackError> {
    match entries.get(name) {
        Some(bytes) => serde_json::from_slice(bytes).map_err(|e| record_error(name, &e)),
        None => Ok(Vec::new()),
    }
}

fn record_error(entry: &str, error: &serde_json::Error) -> PackError {
    PackError::Refused(
        Message::new("pack.badRecord").with("entry", entry).with("line", error.line()).with("reason", error),
    )
}
