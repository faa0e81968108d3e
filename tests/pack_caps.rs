//! Hostile packs against the caps: every count is refused before it is
//! looped over and before its records are held whole, measured with a
//! counting allocator; duplicate names are refused; the preview refuses what
//! the import would.
//!
//! The tests of this binary run one at a time (`SERIAL`): each measures the
//! bytes the whole process holds.

// Counting the process's allocations takes a global allocator, which is
// `unsafe` to implement; it only forwards to the system's and counts.
#![allow(unsafe_code)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use tuanzhang::materials::packs::import::{self, Resolution};
use tuanzhang::materials::packs::read::{self, MAX_COURSES, MAX_ENTRIES, MAX_FOLDERS, MAX_MATERIALS};
use tuanzhang::materials::packs::{sha256_hex, PackError};
use tuanzhang::media::MediaStore;
use tuanzhang::model::Message;

/// The bytes live now, and the most live since the last `peak_during`.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            // Growing may copy: old and new are both held for a moment.
            PEAK.fetch_max(LIVE.load(Ordering::SeqCst) + new_size, Ordering::SeqCst);
            LIVE.fetch_add(new_size, Ordering::SeqCst);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        moved
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What `work` answers, and the most bytes it held at once beyond what was
/// held before it.
fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let answer = work();
    (answer, PEAK.load(Ordering::SeqCst).saturating_sub(before))
}

/// Seeded and reproducible (splitmix64): sizes vary from run to run of the
/// seed, never of the clock.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }
}

/// A ZIP of `(name, bytes)` entries, stored: the pack is as big as what it holds.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn manifest(records: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<serde_json::Value> = records
        .iter()
        .map(|(path, bytes)| serde_json::json!({"path": path, "sha256": sha256_hex(bytes), "bytes": bytes.len()}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "format_version": 1, "pack_id": "pack-caps", "pack_version": 1, "title": "文件夹「新人培训」",
        "publisher": "王老师", "created": "2026-11-18 20:00:00", "counts": {"folders": 0, "materials": 0},
        "entries": entries,
    }))
    .unwrap()
}

/// A well-formed pack of these records, every checksum right.
fn pack_of(records: Vec<(&str, Vec<u8>)>) -> Vec<u8> {
    let mut entries = records;
    let manifest = manifest(&entries);
    entries.push(("manifest.json", manifest));
    zip_of(&entries)
}

/// `count` JSON items made by `item`, as one array.
fn array(count: usize, item: impl Fn(usize) -> String) -> Vec<u8> {
    let mut out = Vec::with_capacity(count * 64 + 2);
    out.push(b'[');
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item(i).as_bytes());
    }
    out.push(b']');
    out
}

fn material(uid: &str, extra: &str) -> String {
    material_saying(uid, "早上好", extra)
}

fn material_saying(uid: &str, body: &str, extra: &str) -> String {
    format!(r#"{{"uid":"{uid}","revision":1,"title":"早安","kind":"script","body":"{body}"{extra}}}"#)
}

fn refusal(error: PackError) -> Message {
    match error {
        PackError::Refused(message) => message,
        other => panic!("not a refusal: {other}"),
    }
}

fn opened_refused(bytes: &[u8]) -> Message {
    refusal(read::open(bytes).map(|_| ()).expect_err("refused"))
}

#[test]
fn a_material_with_two_hundred_thousand_distinct_tags_is_refused_as_it_is_read() {
    let _serial = serial();
    let tags: Vec<String> = (0..200_000).map(|i| format!("标签{i}")).collect();
    let tags = serde_json::to_string(&tags).unwrap();
    let bytes =
        pack_of(vec![("materials.json", format!("[{}]", material("m1", &format!(r#","tags":{tags}"#))).into())]);
    let message = opened_refused(&bytes);
    assert_eq!(message.key, "pack.badRecord", "{message:?}");
    assert_eq!(message.params["entry"], "materials.json");
}

/// One oversized count of a pack, as the JSON that holds it.
fn oversized(seed: &mut Seeded, which: usize) -> (&'static str, Vec<(&'static str, Vec<u8>)>, &'static str) {
    match which {
        0 => {
            let count = seed.between(8 * MAX_MATERIALS, 10 * MAX_MATERIALS);
            (
                "records",
                vec![("materials.json", array(count, |i| material(&format!("m{i:x}"), "")))],
                "pack.tooManyRecords",
            )
        }
        1 => {
            let count = seed.between(8 * MAX_FOLDERS, 10 * MAX_FOLDERS);
            let folders = array(count, |i| format!(r#"{{"uid":"f{i:x}","parent_uid":null,"name":"培训"}}"#));
            ("folders", vec![("folders.json", folders)], "pack.tooManyRecords")
        }
        2 => {
            let count = seed.between(1_000_000, 2_000_000);
            let tags = String::from_utf8(array(count, |_| "\"\"".to_owned())).unwrap();
            (
                "tags",
                vec![("materials.json", format!("[{}]", material("m1", &format!(r#","tags":{tags}"#))).into())],
                "pack.badRecord",
            )
        }
        3 => {
            let count = seed.between(1_000_000, 2_000_000);
            let parts = String::from_utf8(array(count, |_| r#"{"kind":"link"}"#.to_owned())).unwrap();
            (
                "parts",
                vec![("materials.json", format!("[{}]", material("m1", &format!(r#","parts":{parts}"#))).into())],
                "pack.badRecord",
            )
        }
        4 => {
            let count = seed.between(1_000_000, 2_000_000);
            let lessons = String::from_utf8(array(count, |_| r#"{"material_uid":"m1"}"#.to_owned())).unwrap();
            let courses = format!(r#"[{{"uid":"c1","title":"新人营","lessons":{lessons}}}]"#);
            (
                "lessons",
                vec![("materials.json", format!("[{}]", material("m1", "")).into()), ("courses.json", courses.into())],
                "pack.badRecord",
            )
        }
        _ => {
            let count = seed.between(80 * MAX_COURSES, 100 * MAX_COURSES);
            let courses = array(count, |i| format!(r#"{{"uid":"c{i:x}","title":"新人营","lessons":[]}}"#));
            ("courses", vec![("courses.json", courses)], "pack.tooManyRecords")
        }
    }
}

#[test]
fn random_oversized_packs_are_refused_holding_a_small_multiple_of_their_size() {
    let _serial = serial();
    let mut seed = Seeded(0x7a5c_0025);
    for which in 0..6 {
        let (what, records, key) = oversized(&mut seed, which);
        let bytes = pack_of(records);
        let (refused, peak) = peak_during(|| read::open(&bytes).map(|_| ()));
        let message = refusal(refused.expect_err(what));
        assert_eq!(message.key, key, "{what}: {message:?}");
        // Its own inflated copy, and no more than the cap's worth of records.
        assert!(peak < 3 * bytes.len(), "{what}: held {peak} bytes for a pack of {}", bytes.len());
    }
}

/// `bytes` with its end-of-central-directory entry counts set to `count`.
fn declaring(mut bytes: Vec<u8>, count: u16) -> Vec<u8> {
    let end = bytes.len() - 22;
    assert_eq!(bytes[end..end + 4], [0x50, 0x4b, 0x05, 0x06], "no comment: the record is last");
    bytes[end + 8..end + 10].copy_from_slice(&count.to_le_bytes());
    bytes[end + 10..end + 12].copy_from_slice(&count.to_le_bytes());
    bytes
}

#[test]
fn too_many_entries_are_refused_from_the_directory_end_before_the_directory_is_read() {
    let _serial = serial();
    let names: Vec<String> = (0..MAX_ENTRIES + 1000).map(|i| format!("media/{i}")).collect();
    let bytes = zip_of(&names.iter().map(|n| (n.as_str(), Vec::new())).collect::<Vec<_>>());
    let (refused, peak) = peak_during(|| read::open(&bytes).map(|_| ()));
    let message = refusal(refused.expect_err("too many"));
    assert_eq!((message.key.as_str(), message.params["found"].as_str()), ("pack.tooManyEntries", "6008"));
    assert!(peak < 64 * 1024, "the directory of {} bytes was parsed: {peak} bytes held", bytes.len());

    // A directory end that claims more than the pack holds, or ZIP64's
    // "look elsewhere", is refused as well.
    let small = pack_of(vec![("materials.json", format!("[{}]", material("m1", "")).into())]);
    assert!(read::open(&small).is_ok());
    assert_eq!(opened_refused(&declaring(small.clone(), 60_000)).key, "pack.tooManyEntries");
    assert_eq!(opened_refused(&declaring(small, u16::MAX)).key, "pack.unreadable");

    // A picture, stored as it is, whose last bytes merely look like such a
    // record (on another disk, a comment past the end) is no record.
    let mut picture = b"\x89PNG\r\n\x1a\n".to_vec();
    picture.extend_from_slice(&[
        0x50, 0x4b, 0x05, 0x06, 1, 0, 0, 0, 0x60, 0xea, 0x60, 0xea, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
    ]);
    let name = format!("media/{}.png", sha256_hex(&picture));
    let materials = format!(
        "[{}]",
        material_saying(
            "m1",
            "早上好",
            &format!(r#","parts":[{{"kind":"image","image":"{}"}}]"#, sha256_hex(&picture))
        )
    );
    let with_picture = pack_of(vec![("materials.json", materials.into()), (name.as_str(), picture)]);
    assert!(read::open(&with_picture).is_ok());
}

#[test]
fn an_entry_named_twice_is_refused() {
    let _serial = serial();
    let materials: Vec<u8> = format!("[{}]", material("m1", "")).into();
    let listed = vec![("materials.json", materials.clone())];
    let manifest = manifest(&listed);
    // The ZIP writer refuses a repeated name: write a twin, then rename it.
    let twin = zip_of(&[
        ("materials.json", materials.clone()),
        ("materials.jsoX", materials),
        ("manifest.json", manifest.clone()),
    ]);
    let renamed: Vec<u8> = {
        let mut bytes = twin;
        let from = b"materials.jsoX";
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
            bytes[at + found..at + found + from.len()].copy_from_slice(b"materials.json");
            at += found + from.len();
        }
        bytes
    };
    assert_eq!(opened_refused(&renamed).key, "pack.duplicateEntry");

    // The manifest listing one path twice is refused too, naming it.
    let mut manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let entry = manifest["entries"][0].clone();
    manifest["entries"].as_array_mut().unwrap().push(entry);
    let bytes = zip_of(&[
        ("materials.json", format!("[{}]", material("m1", "")).into()),
        ("manifest.json", serde_json::to_vec(&manifest).unwrap()),
    ]);
    let message = opened_refused(&bytes);
    assert_eq!((message.key.as_str(), message.params["entry"].as_str()), ("pack.duplicateEntry", "materials.json"));
}

#[test]
fn the_preview_refuses_what_the_import_would_in_the_same_words() {
    let _serial = serial();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (_dir, store) = common::empty_store().await;
        let good = material("0123abcd", "");
        // (what, the entry, its records, the title the refusal names)
        let cases: Vec<(&str, &str, String, &str)> = vec![
            (
                "an unknown variable",
                "materials.json",
                format!("[{good},{}]", material_saying("4567ef", "欢迎来到{群主}", "")),
                "早安",
            ),
            ("a blank folder name", "folders.json", r#"[{"uid":"f1","parent_uid":null,"name":"  "}]"#.into(), "  "),
            (
                "a course without lessons",
                "courses.json",
                r#"[{"uid":"c1","title":"新人营","lessons":[]}]"#.into(),
                "新人营",
            ),
        ];
        for (what, entry, records, title) in cases {
            let records = vec![(entry, records.into_bytes())];
            let pack = read::open(&pack_of(records)).expect(what);
            let previewed = refusal(import::plan(store.pool(), &pack).await.map(|_| ()).expect_err(what));
            assert_eq!(previewed.key, "pack.record", "{what}: {previewed:?}");
            assert_eq!((previewed.params["entry"].as_str(), previewed.params["title"].as_str()), (entry, title));
            let media = MediaStore::of(&store);
            let none = HashMap::new();
            let imported = import::apply(store.pool(), &media, &pack, Resolution::Theirs, &none, common::NOW).await;
            assert_eq!(refusal(imported.map(|_| ()).expect_err(what)), previewed, "{what}: the same words");
        }
        let nothing: i64 =
            sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM materials) + (SELECT COUNT(*) FROM material_folders)")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(nothing, 0);
    });
}

#[test]
fn many_small_entries_of_zeros_are_refused_before_they_inflate_past_a_multiple_of_the_pack() {
    let _serial = serial();
    // Each entry stays under the per-entry ratio check (a mebibyte or less
    // declared) but deflates a thousandfold; together they would inflate to
    // hundreds of mebibytes from a pack of a few.
    let zeros = vec![0u8; 1024 * 1024];
    let names: Vec<String> =
        (0..400).map(|n| format!("media/{}.png", sha256_hex(&n.to_string().into_bytes()))).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for name in &names {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "a small pack: {} bytes", bytes.len());
    let (refused, peak) = peak_during(|| read::open(&bytes).map(|_| ()));
    assert_eq!(refusal(refused.expect_err("refused")).key, "pack.bomb");
    assert!(peak < 64 * 1024 * 1024, "held {peak} bytes for a pack of {}", bytes.len());
}
