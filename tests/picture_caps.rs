//! Pictures are capped at what a phone poster needs, refused from their
//! header before anything is decoded; a refused pack leaves no picture
//! behind; pictures nothing shows are collected.

// The counting allocator below is the one way to see what a refusal allocates.
#![allow(unsafe_code)]

mod common;

use common::{count, NOW};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use tuanzhang::materials::packs::import::{self, Resolution};
use tuanzhang::materials::packs::write::{self, Selection};
use tuanzhang::materials::packs::{read, Notes, PackError};
use tuanzhang::materials::parts::QrSlot;
use tuanzhang::materials::posters::{draw, PosterError};
use tuanzhang::materials::{edit, folders, MaterialDraft, Part, Parts};
use tuanzhang::media::MediaStore;
use tuanzhang::media::{ImageFormat, MediaError, MediaHash, MAX_SIDE};
use tuanzhang::model::MaterialKind;
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::Store;

const DAY: i64 = 86_400;

/// Counts what this thread has allocated, to show a refusal allocates
/// nothing of the picture's size.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|live| {
            live.set(live.get() + layout.size());
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
        });
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(layout.size())));
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most this thread had allocated at once while `work` ran, beyond
/// what it held before.
fn peak_while<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let out = work();
    (out, PEAK.with(Cell::get) - before)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A well-formed PNG of a few dozen bytes whose header claims
/// `width`×`height` RGBA pixels: a decompression bomb's shape.
fn claimed_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    // An empty zlib stream: the pixels are never there.
    chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn picture(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 256) as u8]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

fn kit(title: &str, images: &[&MediaHash]) -> MaterialDraft {
    MaterialDraft {
        title: title.into(),
        kind: MaterialKind::DailyKit,
        body: "好物".into(),
        notes: String::new(),
        tags: vec![],
        folder_id: None,
        product: String::new(),
        expires_on: String::new(),
        parts: Parts(images.iter().map(|&image| Part::Image { image: image.clone() }).collect()),
    }
}

/// Every file in the store's picture folder, thumbnails included.
fn picture_files(store_dir: &Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&store_dir.join("media"), &mut out);
    out
}

#[test]
fn a_poster_over_the_caps_is_refused_from_its_header_without_allocating_it() {
    let slot = QrSlot { x: 600, y: 600, size: 300 };
    // Over a side, and over the pixels with both sides within.
    for (width, height) in [(12_000, 12_000), (MAX_SIDE + 1, 100), (7_000, 7_000), (MAX_SIDE, 5_001)] {
        let bomb = claimed_png(width, height);
        assert!(bomb.len() < 100, "a small file");
        let (drawn, peak) = peak_while(|| draw(&bomb, ImageFormat::Png, slot, "https://u.jd.com/x"));
        match drawn {
            Err(PosterError::Picture(error @ MediaError::TooManyPixels { .. })) => {
                let message = error.message();
                assert_eq!(message.key, "media.tooManyPixels");
                let shown = message.render(tuanzhang::model::Lang::En);
                assert!(shown.contains(&format!("{width}×{height}")), "{shown}");
            }
            other => panic!("{width}×{height}: {other:?}"),
        }
        assert!(peak < 1024 * 1024, "{width}×{height}: {peak} bytes allocated to refuse it");
    }
}

#[tokio::test]
async fn a_picture_over_the_caps_is_not_kept() {
    let (dir, store) = common::empty_store().await;
    for (width, height) in [(12_000, 12_000), (7_000, 7_000)] {
        let refused = MediaStore::of(&store).add(store.pool(), claimed_png(width, height), NOW).await;
        assert!(matches!(refused, Err(MediaError::TooManyPixels { .. })), "{width}×{height}: {refused:?}");
    }
    let kept =
        MediaStore::of(&store).add(store.pool(), picture(MAX_SIDE, 2, 1), NOW).await.expect("8,000 a side is taken");
    assert_eq!((kept.width, kept.height), (MAX_SIDE, 2));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM media").await, 1);
    assert_eq!(picture_files(dir.path()).len(), 2, "the one taken, and its thumbnail");
}

/// A folder of `materials` kits in store `a`, each showing two of
/// `pictures` pictures, exported and opened.
async fn pack_of(a: &Store, name: &str, materials: usize, pictures: u8, out: &Path) -> read::Pack {
    let folder = folders::ensure_path(a.pool(), name, NOW).await.expect("a folder");
    let mut hashes = Vec::new();
    for shade in 0..pictures {
        hashes.push(MediaStore::of(a).add(a.pool(), picture(48, 32, shade), NOW).await.expect("kept").hash);
    }
    for n in 0..materials {
        let mut draft = kit(&format!("{name}{n}"), &[&hashes[n % hashes.len()], &hashes[(n + 1) % hashes.len()]]);
        draft.folder_id = folder;
        edit::create(a.pool(), &draft, NOW).await.expect("created");
    }
    let path = out.join(format!("{name}.tzpack"));
    let folder = folder.expect("made");
    let author = write::Author { name: "王老师", notes: Notes::Omitted };
    write::export(a.pool(), &MediaStore::of(a), &Selection::Folder(folder), author, &path, Existing::Replace, NOW)
        .await
        .expect("exported");
    read::open(&std::fs::read(&path).expect("written")).expect("opens")
}

#[tokio::test]
async fn a_refused_pack_leaves_no_picture_file_and_no_media_row() {
    let (_a_dir, a) = common::empty_store().await;
    let out = tempfile::tempdir().expect("a folder");
    let pack = pack_of(&a, "每日素材", 4, 3, out.path()).await;
    assert_eq!(pack.media.len(), 3);

    // Records refused before the pictures are written, and inside the
    // transaction after they were written and listed (the last material
    // shows a picture the pack does not carry).
    let (b_dir, b) = common::empty_store().await;
    let mut long_title = pack.clone();
    long_title.materials[2].title = "长".repeat(10_000);
    let mut not_carried = pack.clone();
    not_carried.materials[3].parts.0.push(Part::Image { image: MediaHash::of(b"a picture left behind") });
    for refused_record in [long_title, not_carried] {
        let refused =
            import::apply(b.pool(), &MediaStore::of(&b), &refused_record, Resolution::Mine, &HashMap::new(), NOW).await;
        assert!(refused.is_err(), "{refused:?}");
        assert_eq!(picture_files(b_dir.path()), Vec::<std::path::PathBuf>::new(), "no picture file stays");
        assert_eq!(count(&b, "SELECT COUNT(*) FROM media").await, 0, "no media row stays");
        assert_eq!(count(&b, "SELECT COUNT(*) FROM materials").await, 0);
    }

    // A picture damaged past a good header, found after the others were written.
    let mut damaged = pack.clone();
    let last = damaged.media.len() - 1;
    let mut cut = damaged.media[last].1.clone();
    cut.truncate(cut.len() - 20);
    let cut_hash = MediaHash::of(&cut);
    for m in &mut damaged.materials {
        for part in &mut m.parts.0 {
            if matches!(part, Part::Image { image } if *image == damaged.media[last].0) {
                *part = Part::Image { image: cut_hash.clone() };
            }
        }
    }
    damaged.media[last] = (cut_hash.clone(), cut);
    let refused = import::apply(b.pool(), &MediaStore::of(&b), &damaged, Resolution::Mine, &HashMap::new(), NOW).await;
    match refused {
        Err(PackError::Refused(message)) => {
            assert_eq!(message.key, "pack.badMedia");
            assert!(message.render(tuanzhang::model::Lang::En).contains(cut_hash.as_str()), "the picture is named");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(picture_files(b_dir.path()), Vec::<std::path::PathBuf>::new(), "no picture file stays");
    assert_eq!(count(&b, "SELECT COUNT(*) FROM media").await, 0, "no media row stays");

    // The pack as it was still comes in whole.
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW).await.expect("in");
    assert_eq!(tally.new, 4);
    assert_eq!(count(&b, "SELECT COUNT(*) FROM media").await, 3);
    assert_eq!(picture_files(b_dir.path()).len(), 6, "three pictures and their thumbnails");
}

#[tokio::test]
async fn pictures_nothing_shows_are_collected_after_a_day() {
    let (dir, store) = common::empty_store().await;
    let (pool, media) = (store.pool(), &MediaStore::of(&store));
    let old = NOW - 2 * DAY;
    let shown = media.add(pool, picture(20, 20, 1), old).await.unwrap();
    let in_a_version = media.add(pool, picture(20, 20, 2), old).await.unwrap();
    let unshown = media.add(pool, picture(20, 20, 3), old).await.unwrap();
    let in_a_form = media.add(pool, picture(20, 20, 4), NOW - 3600).await.unwrap();
    let poster = media.add(pool, picture(20, 20, 5), old).await.unwrap();
    let material = edit::create(pool, &kit("早安", &[&shown.hash, &in_a_version.hash]), old).await.unwrap();
    let mut draft = kit("早安", &[&shown.hash]);
    draft.parts.0.push(Part::Poster { image: poster.hash.clone(), qr: QrSlot::DEFAULT });
    edit::update(pool, material.id, material.revision, &draft, old + 60).await.unwrap();

    let collected = media.collect(pool, NOW).await.unwrap();
    assert_eq!(collected.pictures, 1);
    assert!(media.info(pool, &unshown.hash).await.unwrap().is_none(), "its row is gone");
    assert!(!media.original(&unshown).exists() && !media.thumbnail(&unshown.hash).exists(), "its files are gone");
    for kept in [&shown, &in_a_version, &in_a_form, &poster] {
        assert!(media.read(pool, &kept.hash).await.is_ok(), "{} is kept", kept.hash);
        assert!(media.thumbnail(&kept.hash).exists());
    }
    assert_eq!(picture_files(dir.path()).len(), 8);
    assert_eq!(media.collect(pool, NOW).await.unwrap().pictures, 0, "nothing more to collect");
    // Taken again, a collected picture is kept again.
    media.add(pool, picture(20, 20, 3), NOW).await.unwrap();
    assert!(media.read(pool, &unshown.hash).await.is_ok());
}

#[tokio::test]
async fn a_payment_voucher_and_a_pay_code_are_never_collected() {
    let (_dir, store) = common::empty_store().await;
    let (pool, media) = (store.pool(), &MediaStore::of(&store));
    let old = NOW - 2 * DAY;
    let voucher = media.add(pool, picture(20, 20, 6), old).await.unwrap();
    let pay_code = media.add(pool, picture(20, 20, 7), old).await.unwrap();
    let unshown = media.add(pool, picture(20, 20, 8), old).await.unwrap();
    let partner = common::Partner::named("甲").insert(&store).await;
    sqlx::query(
        "INSERT INTO payout_payments (partner_id, month, amount_fen, method, paid_on, voucher_hash, created_at)
         VALUES (?1, 202610, 12300, 'wechat', 20261105, ?2, ?3)",
    )
    .bind(partner)
    .bind(voucher.hash.as_str())
    .bind(old)
    .execute(pool)
    .await
    .unwrap();
    // A payment without a voucher keeps nothing, and takes nothing from the rest.
    sqlx::query(
        "INSERT INTO payout_payments (partner_id, month, amount_fen, method, paid_on, created_at)
         VALUES (?1, 202610, 500, 'cash', 20261106, ?2)",
    )
    .bind(partner)
    .bind(old)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO partner_pay_codes (partner_id, media_hash, updated_at) VALUES (?1, ?2, ?3)")
        .bind(partner)
        .bind(pay_code.hash.as_str())
        .bind(old)
        .execute(pool)
        .await
        .unwrap();

    let collected = media.collect(pool, NOW).await.unwrap();
    assert_eq!(collected.pictures, 1, "only the picture nothing keeps");
    assert!(media.info(pool, &unshown.hash).await.unwrap().is_none());
    for kept in [&voucher, &pay_code] {
        assert!(media.read(pool, &kept.hash).await.is_ok(), "{} is kept", kept.hash);
        assert!(media.original(kept).exists() && media.thumbnail(&kept.hash).exists());
    }
}
