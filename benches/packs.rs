//! Training pack benchmark: a folder of 1,000 materials showing 500
//! pictures, exported as a pack and imported into an empty store (then
//! again, which changes nothing), against a baseline in the same run: the
//! same entries zipped and unzipped as they are, with the pictures written
//! to a folder — what any hand-over by ZIP costs, without the checks.
//! `cargo bench -p tuanzhang --bench packs`; `TUANZHANG_BENCH_MATERIALS`
//! and `TUANZHANG_BENCH_PICTURES` change the sizes.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::time::{Duration, Instant};
use tuanzhang::materials::packs::import::{self, Resolution};
use tuanzhang::materials::packs::read;
use tuanzhang::materials::packs::write::{self, Selection};
use tuanzhang::materials::{edit, folders, MaterialDraft, Part, Parts};
use tuanzhang::media::MediaStore;
use tuanzhang::model::MaterialKind;
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::{Store, StoreKey};

const NOW: i64 = 1_796_112_000;
const ROUNDS: usize = 3;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A 640×640 photo-like JPEG (a gradient with noise), different per `seed`.
fn photo(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let picture = image::RgbImage::from_fn(640, 640, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 24) as u8;
        image::Rgb([(x / 3) as u8 ^ noise, (y / 3) as u8, ((x + y + seed) / 5) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&picture).expect("encodes");
    out
}

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = StoreKey::load_or_create(&tuanzhang::store::secrets::MemorySecrets::default()).expect("key");
    let store = Store::open(dir.path(), &key).await.expect("store");
    (dir, store)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The baseline's write: the same entries, pictures stored and text deflated, as the pack does.
fn zip_as_is(entries: &[(String, Vec<u8>)], path: &std::path::Path) {
    let file = std::fs::File::create(path).expect("baseline file");
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    for (name, bytes) in entries {
        let method =
            if name.starts_with("media/") { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default().compression_method(method))
            .expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").flush().expect("flush");
}

/// The baseline's read: every entry inflated, the pictures written out.
fn unzip_as_is(bytes: &[u8], into: &std::path::Path) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        let name = entry.name().expect("name").replace('/', "_");
        std::fs::write(into.join(name), data).expect("write");
    }
}

#[tokio::main]
async fn main() {
    let materials = size("TUANZHANG_BENCH_MATERIALS", 1_000);
    let pictures = size("TUANZHANG_BENCH_PICTURES", 500).min(materials);
    let (_a_dir, a) = store().await;
    let media = MediaStore::of(&a);
    let folder = folders::ensure_path(a.pool(), "基准/每日素材", NOW).await.expect("folder");
    let started = Instant::now();
    let mut drafts = Vec::with_capacity(materials);
    let mut picture_bytes = 0usize;
    for i in 0..materials {
        let parts = if i < pictures {
            let bytes = photo(i as u32);
            picture_bytes += bytes.len();
            let info = media.add(a.pool(), bytes, NOW).await.expect("picture");
            vec![Part::Image { image: info.hash }, Part::Text { text: format!("第 {i} 条的第二段：{{链接}}") }]
        } else {
            Vec::new()
        };
        drafts.push(MaterialDraft {
            title: format!("每日素材 {i}"),
            kind: MaterialKind::DailyKit,
            body: format!("早上好{{群名}}的家人们！今天第 {i} 款好物：京东自营，限时优惠，先到先得🎉\n有问题随时@我"),
            notes: String::new(),
            tags: vec!["每日".into(), format!("第{}周", i % 8)],
            folder_id: folder,
            product: "100012043978".into(),
            expires_on: String::new(),
            parts: Parts(parts),
        });
    }
    edit::create_all(a.pool(), &drafts, NOW).await.expect("materials");
    println!(
        "set-up: {materials} materials, {pictures} pictures ({:.1} MiB) in {:.1} s",
        picture_bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );
    let out = tempfile::tempdir().expect("out");
    let selection = Selection::Folder(folder.expect("a folder"));

    let mut export_times = Vec::new();
    let mut pack_path = out.path().join("pack-0.tzpack");
    for round in 0..ROUNDS {
        pack_path = out.path().join(format!("pack-{round}.tzpack"));
        let t = Instant::now();
        let author = write::Author { name: "基准", notes: tuanzhang::materials::packs::Notes::Omitted };
        write::export(a.pool(), &media, &selection, author, &pack_path, Existing::Keep, NOW).await.expect("export");
        export_times.push(t.elapsed());
    }
    let bytes = std::fs::read(&pack_path).expect("pack");
    let entries: Vec<(String, Vec<u8>)> = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).expect("zip");
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).expect("entry");
                let mut data = Vec::new();
                entry.read_to_end(&mut data).expect("read");
                (entry.name().expect("name").to_string(), data)
            })
            .collect()
    };
    let mut zip_times = Vec::new();
    for round in 0..ROUNDS {
        let t = Instant::now();
        zip_as_is(&entries, &out.path().join(format!("baseline-{round}.zip")));
        zip_times.push(t.elapsed());
    }

    let mut import_times = Vec::new();
    let mut again_times = Vec::new();
    for _ in 0..ROUNDS {
        let (_b_dir, b) = store().await;
        let t = Instant::now();
        let pack = read::open(&bytes).expect("opens");
        let tally = import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW)
            .await
            .expect("imports");
        import_times.push(t.elapsed());
        assert_eq!(tally.new as usize, materials);
        let t = Instant::now();
        let pack = read::open(&bytes).expect("opens");
        let tally = import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW)
            .await
            .expect("again");
        again_times.push(t.elapsed());
        assert_eq!(tally.unchanged as usize, materials);
    }
    let mut unzip_times = Vec::new();
    for _ in 0..ROUNDS {
        let into = tempfile::tempdir().expect("into");
        let t = Instant::now();
        unzip_as_is(&bytes, into.path());
        unzip_times.push(t.elapsed());
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (export, zip) = (median(export_times), median(zip_times));
    let (import, again, unzip) = (median(import_times), median(again_times), median(unzip_times));
    println!("pack: {:.1} MiB, {} entries", bytes.len() as f64 / 1_048_576.0, entries.len() + 1);
    println!(
        "export  {:>8.0} ms   baseline zip as is   {:>6.0} ms   ratio {:.1}",
        ms(export),
        ms(zip),
        ms(export) / ms(zip)
    );
    println!(
        "import  {:>8.0} ms   baseline unzip as is {:>6.0} ms   ratio {:.1}",
        ms(import),
        ms(unzip),
        ms(import) / ms(unzip)
    );
    println!("again   {:>8.0} ms   (the same pack, nothing to change)", ms(again));
}
