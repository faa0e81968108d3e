//! Opening a pack from another laptop, which is hostile until proven
//! otherwise: the ZIP is measured before anything is inflated, every entry
//! must be one the manifest lists with a matching SHA-256, no path may leave
//! the pack, and a newer format is refused. Any refusal writes nothing.

use super::{
    sha256_hex, Entry, Manifest, PackCourse, PackError, PackFolder, PackMaterial, COURSES, FOLDERS, FORMAT_VERSION,
    MANIFEST, MATERIALS, MEDIA_PREFIX,
};
use crate::media::MediaHash;
use crate::model::{AtMost, Message};
use serde::Deserializer as _;
use std::cell::Cell;
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
/// Every entry together, inflated, against the pack's own size: pictures
/// do not compress and a pack's text about tenfold, so a pack of many small
/// entries that each stay under the per-entry ratio check (zeros deflate a
/// thousandfold) is refused long before it holds `MAX_TOTAL_BYTES`.
pub const MAX_TOTAL_RATIO: u64 = 20;
/// Below this a pack may inflate as it likes: a small pack is small whatever
/// its ratio.
const SMALL_TOTAL_BYTES: u64 = 16 * 1024 * 1024;
/// Text compresses well, but not a thousandfold.
pub const MAX_RATIO: u64 = 100;
pub const MAX_MATERIALS: usize = 100_000;
pub const MAX_FOLDERS: usize = 10_000;
pub const MAX_COURSES: usize = 100;
/// The central directory of `MAX_ENTRIES` entries named as a pack names
/// them (`media/<sha256>.webp`), with room to spare.
pub const MAX_DIRECTORY_BYTES: u64 = MAX_ENTRIES as u64 * 512;

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

/// Refuses a pack over `most` bytes (`MAX_PACK_BYTES` read from disk, less
/// over IPC) before a byte of it is read.
pub fn check_size(bytes: u64, most: u64) -> Result<(), PackError> {
    if bytes > most {
        return Err(PackError::Refused(Message::new("pack.tooBig").with("max_mib", most / (1024 * 1024))));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(bytes = bytes.len()))]
pub fn open(bytes: &[u8]) -> Result<Pack, PackError> {
    check_size(bytes.len() as u64, MAX_PACK_BYTES)?;
    measure_directory(bytes)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| refused("pack.unreadable"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(PackError::Refused(Message::new("pack.tooManyEntries").with("found", archive.len())));
    }
    // The archive keeps one entry per name; a second of the same name
    // would be read by one tool and not another.
    if archive.has_duplicate_names() {
        return Err(PackError::Refused(Message::new("pack.duplicateEntry")));
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
        if total > total_budget(bytes.len()) {
            return Err(PackError::Refused(Message::new("pack.bomb").with("entry", &name)));
        }
        // A size the entry lies about is caught one byte past it, never
        // after inflating what it really holds. Sized once (growing by
        // doubling holds up to three times the entry), never beyond the
        // pack itself up front.
        let mut inflated =
            Vec::with_capacity(usize::try_from(declared).map_or(bytes.len(), |d| d.min(bytes.len())) + 1);
        (&mut entry)
            .take(declared + 1)
            .read_to_end(&mut inflated)
            .map_err(|_| PackError::Refused(Message::new("pack.unreadable")))?;
        if inflated.len() as u64 > MAX_ENTRY_BYTES || inflated.len() as u64 != declared {
            return Err(PackError::Refused(Message::new("pack.bomb").with("entry", &name)));
        }
        // Two names the same once cut for showing are the same name here.
        if entries.insert(name.clone(), inflated).is_some() {
            return Err(PackError::Refused(Message::new("pack.duplicateEntry").with("entry", &name)));
        }
    }
    let manifest = entries.get(MANIFEST).ok_or_else(|| refused("pack.noManifest"))?;
    let manifest: Manifest = serde_json::from_slice(manifest).map_err(|e| record_error(MANIFEST, &e))?;
    if manifest.format_version > FORMAT_VERSION {
        return Err(PackError::Refused(
            Message::new("pack.newerFormat").with("found", manifest.format_version).with("known", FORMAT_VERSION),
        ));
    }
    let mut listed_paths: HashMap<&str, &Entry> = HashMap::with_capacity(manifest.entries.len());
    if let Some(twice) = manifest.entries.iter().find(|e| listed_paths.insert(e.path.as_str(), e).is_some()) {
        return Err(PackError::Refused(Message::new("pack.duplicateEntry").with("entry", &twice.path)));
    }
    for name in entries.keys().filter(|n| n.as_str() != MANIFEST) {
        let Some(listed) = listed_paths.get(name.as_str()) else {
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
    let folders: Vec<PackFolder> = parse(&entries, FOLDERS, MAX_FOLDERS)?;
    let materials: Vec<PackMaterial> = parse(&entries, MATERIALS, MAX_MATERIALS)?;
    let courses: Vec<PackCourse> = parse(&entries, COURSES, MAX_COURSES)?;
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

/// The most a pack of `pack_bytes` may inflate to, all entries together.
fn total_budget(pack_bytes: usize) -> u64 {
    let relative = (pack_bytes as u64).saturating_mul(MAX_TOTAL_RATIO).max(SMALL_TOTAL_BYTES);
    relative.min(MAX_TOTAL_BYTES)
}

/// The end-of-central-directory record, the last thing in a ZIP.
const EOCD_SIGNATURE: [u8; 4] = 0x0605_4b50_u32.to_le_bytes();
const EOCD_BYTES: usize = 22;
/// Where a ZIP64 archive keeps its real counts, just before the record.
const ZIP64_LOCATOR_SIGNATURE: [u8; 4] = 0x0706_4b50_u32.to_le_bytes();
const ZIP64_LOCATOR_BYTES: usize = 20;

/// Refuses an archive whose end-of-central-directory record declares more
/// entries or a larger directory than a pack has, before the directory is
/// parsed: the ZIP reader holds every entry it lists in memory. The record
/// sits in the last 22 bytes plus a comment of up to 65,535. Every record
/// there that the reader could take is measured (its comment fits in the
/// file, one disk, or ZIP64), not only the last: a picture's bytes that
/// merely look like a signature are passed over as the reader passes them.
/// A pack is far below ZIP64's sizes, so an archive that uses it is no pack.
fn measure_directory(bytes: &[u8]) -> Result<(), PackError> {
    let tail_start = bytes.len().saturating_sub(EOCD_BYTES + usize::from(u16::MAX));
    let mut found = false;
    for at in (tail_start..bytes.len().saturating_sub(EOCD_BYTES - 1)).rev() {
        let Some(record) = bytes.get(at..at + EOCD_BYTES).filter(|r| r[..4] == EOCD_SIGNATURE) else { continue };
        let u16_at = |i: usize| u64::from(u16::from_le_bytes([record[i], record[i + 1]]));
        let u32_at = |i: usize| u64::from(u32::from_le_bytes([record[i], record[i + 1], record[i + 2], record[i + 3]]));
        let (disk, directory_disk, on_disk, entries) = (u16_at(4), u16_at(6), u16_at(8), u16_at(10));
        let (directory, offset, comment) = (u32_at(12), u32_at(16), u16_at(20));
        let locator = at.checked_sub(ZIP64_LOCATOR_BYTES).and_then(|l| bytes.get(l..l + 4));
        let zip64 = locator == Some(&ZIP64_LOCATOR_SIGNATURE[..])
            || [on_disk, entries].contains(&u64::from(u16::MAX))
            || [directory, offset].contains(&u64::from(u32::MAX));
        let one_disk = disk == 0 && directory_disk == 0 && on_disk == entries;
        if at as u64 + EOCD_BYTES as u64 + comment > bytes.len() as u64 || !(zip64 || one_disk) {
            continue;
        }
        if zip64 {
            return Err(refused("pack.unreadable"));
        }
        found = true;
        if on_disk.max(entries) > MAX_ENTRIES as u64 {
            return Err(PackError::Refused(Message::new("pack.tooManyEntries").with("found", on_disk.max(entries))));
        }
        if directory > MAX_DIRECTORY_BYTES {
            return Err(PackError::Refused(Message::new("pack.tooManyEntries").with("found", entries)));
        }
    }
    if found {
        Ok(())
    } else {
        Err(refused("pack.unreadable"))
    }
}

/// An entry's records, refused as soon as there are more than `max`
/// (naming the entry), before the rest are read.
fn parse<T: serde::de::DeserializeOwned>(
    entries: &HashMap<String, Vec<u8>>,
    name: &str,
    max: usize,
) -> Result<Vec<T>, PackError> {
    let Some(bytes) = entries.get(name) else { return Ok(Vec::new()) };
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let over = Cell::new(false);
    let records = (&mut reader).deserialize_seq(AtMost::new(max, &over)).and_then(|records| {
        reader.end()?;
        Ok(records)
    });
    match records {
        Ok(records) => Ok(records),
        Err(_) if over.get() => {
            Err(PackError::Refused(Message::new("pack.tooManyRecords").with("entry", name).with("max", max)))
        }
        Err(error) => Err(record_error(name, &error)),
    }
}

fn record_error(entry: &str, error: &serde_json::Error) -> PackError {
    PackError::Refused(
        Message::new("pack.badRecord").with("entry", entry).with("line", error.line()).with("reason", error),
    )
}
