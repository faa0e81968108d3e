//! Two pack imports and a save at once, on a runtime of two workers: the
//! packs' pictures are decoded before either takes the writer, the save
//! waits for the writer rather than failing, and everything lands.

mod common;

use common::{count, NOW};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tuanzhang::materials::packs::import::{self, Resolution};
use tuanzhang::materials::packs::write::{self, Author, Selection};
use tuanzhang::materials::packs::{read, Notes};
use tuanzhang::materials::{edit, folders, MaterialDraft, Part, Parts};
use tuanzhang::media::MediaHash;
use tuanzhang::media::MediaStore;
use tuanzhang::model::MaterialKind;
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::Store;

const MATERIALS: usize = 300;
const PICTURES: usize = 60;

fn picture(seed: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(seed % 256) as u8, (seed / 256) as u8 ^ (x % 256) as u8, ((x * y) % 251) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

fn kit(title: String, images: Vec<MediaHash>) -> MaterialDraft {
    MaterialDraft {
        title,
        kind: MaterialKind::DailyKit,
        body: "早上好！今天的好物".into(),
        notes: String::new(),
        tags: vec!["早安".into()],
        folder_id: None,
        product: String::new(),
        expires_on: String::new(),
        parts: Parts(images.into_iter().map(|image| Part::Image { image }).collect()),
    }
}

/// A folder of many kits showing pictures of their own, made in a store
/// of its own and written as a pack.
async fn pack(name: &str, seeds: std::ops::Range<usize>, out: &Path) -> Vec<u8> {
    let (_dir, a) = common::empty_store().await;
    let folder = folders::ensure_path(a.pool(), name, NOW).await.expect("a folder");
    let mut hashes = Vec::new();
    for seed in seeds {
        hashes.push(MediaStore::of(&a).add(a.pool(), picture(seed), NOW).await.expect("kept").hash);
    }
    let drafts: Vec<MaterialDraft> = (0..MATERIALS)
        .map(|n| {
            let mut draft = kit(format!("{name}{n}"), vec![hashes[n % PICTURES].clone()]);
            draft.folder_id = folder;
            draft
        })
        .collect();
    for draft in &drafts {
        edit::create(a.pool(), draft, NOW).await.expect("created");
    }
    let path = out.join(format!("{name}.tzpack"));
    let author = Author { name: "王老师", notes: Notes::Omitted };
    let folder = Selection::Folder(folder.expect("made"));
    write::export(a.pool(), &MediaStore::of(&a), &folder, author, &path, Existing::Replace, NOW)
        .await
        .expect("exported");
    std::fs::read(&path).expect("written")
}

async fn import(store: Store, bytes: Vec<u8>) -> import::Tally {
    let pack = tokio::task::spawn_blocking(move || read::open(&bytes)).await.expect("read").expect("opens");
    import::apply(store.pool(), &MediaStore::of(&store), &pack, Resolution::Mine, &HashMap::new(), NOW + 60)
        .await
        .expect("the import succeeds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pack_imports_and_a_save_at_once_all_succeed() {
    let out = tempfile::tempdir().expect("a folder");
    let first = pack("早安素材", 0..PICTURES, out.path()).await;
    let second = pack("晚安素材", 1000..1000 + PICTURES, out.path()).await;

    let (_dir, b) = common::empty_store().await;
    let mine = edit::create(b.pool(), &kit("我的早安".into(), vec![]), NOW).await.expect("hers");
    let imported = Arc::new(AtomicBool::new(false));
    // She keeps saving while both imports run: each save waits for the
    // writer, none fails with "database is locked".
    let saves = {
        let (pool, imported) = (b.pool().clone(), Arc::clone(&imported));
        tokio::spawn(async move {
            let mut saved = mine;
            let mut count = 0u32;
            while count == 0 || !imported.load(Ordering::SeqCst) {
                let mut draft = kit("我的早安".into(), vec![]);
                draft.body = format!("改过 {count} 次");
                saved = edit::update(&pool, saved.id, saved.revision, &draft, NOW + 120).await?;
                count += 1;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Ok::<_, tuanzhang::materials::MaterialError>((saved, count))
        })
    };
    let (one, two) = tokio::join!(tokio::spawn(import(b.clone(), first)), tokio::spawn(import(b.clone(), second)));
    imported.store(true, Ordering::SeqCst);
    let (one, two) = (one.expect("ran"), two.expect("ran"));
    let (saved, saves) = saves.await.expect("ran").expect("every save waits for the writer and succeeds");
    assert_eq!(saved.body, format!("改过 {} 次", saves - 1));
    assert_eq!((one.new, two.new), (MATERIALS as u32, MATERIALS as u32));

    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials").await, 2 * MATERIALS as i64 + 1);
    assert_eq!(count(&b, "SELECT COUNT(*) FROM media").await, 2 * PICTURES as i64);
    let hashes: Vec<MediaHash> = sqlx::query_scalar("SELECT hash FROM media").fetch_all(b.pool()).await.unwrap();
    for hash in &hashes {
        let (info, bytes) = MediaStore::of(&b).read(b.pool(), hash).await.expect("every picture is there");
        assert_eq!(MediaHash::of(&bytes), info.hash);
        assert!(MediaStore::of(&b).thumbnail(hash).exists());
    }
}

/// A pack of `materials` text kits in one folder, as a pack's bytes.
async fn text_pack(name: &str, materials: usize, out: &Path) -> Vec<u8> {
    let (_dir, a) = common::empty_store().await;
    let folder = folders::ensure_path(a.pool(), name, NOW).await.expect("a folder");
    let drafts: Vec<MaterialDraft> = (0..materials)
        .map(|n| {
            let mut draft = kit(format!("{name}{n}"), vec![]);
            draft.folder_id = folder;
            draft
        })
        .collect();
    edit::create_all(a.pool(), &drafts, NOW).await.expect("created");
    let path = out.join(format!("{name}.tzpack"));
    let author = Author { name: "王老师", notes: Notes::Omitted };
    let folder = Selection::Folder(folder.expect("made"));
    write::export(a.pool(), &MediaStore::of(&a), &folder, author, &path, Existing::Replace, NOW)
        .await
        .expect("exported");
    std::fs::read(&path).expect("written")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_import_commits_in_steps_and_a_sync_commit_gets_in_between() {
    let out = tempfile::tempdir().expect("a folder");
    let steps = 5;
    let bytes = text_pack("新人课", steps * import::MATERIALS_PER_STEP, out.path()).await;
    let (_dir, b) = common::empty_store().await;
    let importing = tokio::spawn(import(b.clone(), bytes));
    // A reader sees nothing of one transaction until it commits: materials
    // showing while the import goes on are its first step, committed.
    while count(&b, "SELECT COUNT(*) FROM materials").await == 0 {
        assert!(!importing.is_finished(), "the whole pack landed at once, in one transaction");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let committed = b.bulk().run(|db| db.execute("INSERT INTO settings (key, value) VALUES ('sync-probe', 'x')", []));
    committed.await.expect("a sync commit lands during the import");
    let seen = count(&b, "SELECT COUNT(*) FROM materials").await;
    assert!(
        seen < (steps * import::MATERIALS_PER_STEP) as i64,
        "the sync commit waited for one step, not for the whole import ({seen} materials in)"
    );
    let tally = importing.await.expect("ran");
    assert_eq!(tally.new as usize, steps * import::MATERIALS_PER_STEP);
}
