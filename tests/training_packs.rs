//! Training packs between two laptops' stores: the round trip (ids,
//! revisions, folders, tags), idempotence, a newer version, conflicts, and
//! every kind of refused pack, each refused with nothing written.

mod common;

use common::cli;

use std::collections::HashMap;
use std::io::Write;
use tuanzhang::files::atomic::Existing;
use tuanzhang::materials::packs::import::{self, ItemState, Resolution};
use tuanzhang::materials::packs::write::{self, Selection};
use tuanzhang::materials::packs::{read, PackError};
use tuanzhang::materials::{edit, folders, search, MaterialDraft};
use tuanzhang::model::{BizDay, MaterialKind};
use tuanzhang::store::Store;

const NOW: i64 = 1_796_112_000;

fn draft(title: &str, body: &str, tags: &[&str]) -> MaterialDraft {
    MaterialDraft {
        title: title.into(),
        kind: MaterialKind::Course,
        body: body.into(),
        notes: String::new(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        folder_id: None,
        product: String::new(),
        expires_on: String::new(),
        parts: Default::default(),
    }
}

/// The trainer's library: 培训/新人 with two lessons, 培训 itself with one,
/// and a material elsewhere that the pack must not carry.
async fn trainer() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::empty_store().await;
    let pool = store.pool();
    let newcomers = folders::ensure_path(pool, "培训/新人", NOW).await.unwrap();
    let training = folders::find_path(pool, "培训").await.unwrap();
    for (title, body, folder) in [
        ("第 1 课：认识京东联盟", "推广位和子账号 {链接}", newcomers),
        ("第 2 课：第一次分享", "分享一款自己用过的好物", newcomers),
        ("培训总纲", "七天带新", training),
    ] {
        let mut d = draft(title, body, &["新人"]);
        d.folder_id = folder;
        edit::create(pool, &d, NOW).await.unwrap();
    }
    edit::create(pool, &draft("私人备忘", "不外传", &["私人"]), NOW).await.unwrap();
    (dir, store)
}

async fn export_training(store: &Store, out: &std::path::Path, now: i64) -> Vec<u8> {
    let folder = folders::find_path(store.pool(), "培训").await.unwrap().unwrap();
    write::export(store.pool(), &store.media(), &Selection::Folder(folder), "王老师", out, Existing::Replace, now)
        .await
        .unwrap();
    std::fs::read(out).unwrap()
}

async fn import_all(store: &Store, bytes: &[u8], otherwise: Resolution) -> import::Tally {
    let pack = read::open(bytes).expect("a good pack opens");
    import::apply(store.pool(), &store.media(), &pack, otherwise, &HashMap::new(), NOW + 600).await.expect("applies")
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(store.pool()).await.unwrap()
}

/// The material titled `title` edited to `body`, staying in its folder.
async fn edit_body(store: &Store, title: &str, body: &str, now: i64) {
    let id = id_of(store, title).await;
    let m = tuanzhang::materials::get(store.pool(), id, BizDay::of(now)).await.unwrap().unwrap();
    let mut d = draft(&m.title, body, &["新人"]);
    d.folder_id = m.folder_id;
    edit::update(store.pool(), id, m.revision, &d, now).await.unwrap();
}

async fn id_of(store: &Store, title: &str) -> tuanzhang::model::MaterialId {
    sqlx::query_scalar("SELECT id FROM materials WHERE title = ?1").bind(title).fetch_one(store.pool()).await.unwrap()
}

#[tokio::test]
async fn a_folder_travels_whole_and_importing_it_again_changes_nothing() {
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    let out = tempfile::tempdir().unwrap();
    let bytes = export_training(&a, &out.path().join("新人培训.tzpack"), NOW).await;
    let pack = read::open(&bytes).unwrap();
    assert_eq!((pack.manifest.format_version, pack.manifest.pack_version), (1, 1));
    assert_eq!((pack.manifest.counts.materials, pack.manifest.counts.folders), (3, 2));
    assert_eq!(pack.manifest.publisher, "王老师");
    assert!(!String::from_utf8_lossy(&bytes).contains("私人备忘"), "only the folder travels");

    let plan = import::plan(b.pool(), &pack).await.unwrap();
    assert!(plan.items.iter().all(|i| i.state == ItemState::New), "{:?}", plan.items);
    let tally = import_all(&b, &bytes, Resolution::Mine).await;
    assert_eq!(tally.new, 3);
    let uids = "SELECT group_concat(uid, ',') FROM (SELECT uid FROM materials ORDER BY uid)";
    let a_uids: String = sqlx::query_scalar(
        "SELECT group_concat(uid, ',') FROM (SELECT uid FROM materials WHERE title != '私人备忘' ORDER BY uid)",
    )
    .fetch_one(a.pool())
    .await
    .unwrap();
    let b_uids: String = sqlx::query_scalar(uids).fetch_one(b.pool()).await.unwrap();
    assert_eq!(a_uids, b_uids, "stable ids travel");
    assert!(folders::find_path(b.pool(), "培训/新人").await.unwrap().is_some(), "the tree travels");
    let found = search::search(b.pool(), "联盟", BizDay::of(NOW)).await.unwrap();
    assert_eq!(found.hits[0].material.body, "推广位和子账号 {链接}", "links travel as placeholders");
    assert_eq!(found.hits[0].material.tags, ["新人"]);

    let before = count(&b, "SELECT SUM(revision) + COUNT(*) * 1000 FROM materials").await;
    let again = import_all(&b, &bytes, Resolution::Theirs).await;
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(count(&b, "SELECT SUM(revision) + COUNT(*) * 1000 FROM materials").await, before);
}

#[tokio::test]
async fn a_newer_version_updates_only_what_its_author_changed_and_conflicts_are_hers_to_settle() {
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("p.tzpack");
    import_all(&b, &export_training(&a, &path, NOW).await, Resolution::Mine).await;

    edit_body(&a, "第 2 课：第一次分享", "先说真话、说用感", NOW + 60).await;
    let v2 = export_training(&a, &path, NOW + 120).await;
    assert_eq!(read::open(&v2).unwrap().manifest.pack_version, 2);
    let tally = import_all(&b, &v2, Resolution::Mine).await;
    assert_eq!((tally.updated, tally.unchanged), (1, 2));
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials WHERE body = '先说真话、说用感' AND revision = 2").await, 1);

    // Both sides change the outline; she changes lesson 1 alone.
    edit_body(&a, "培训总纲", "十天带新", NOW + 180).await;
    edit_body(&b, "培训总纲", "七天带新，第八天复盘", NOW + 190).await;
    edit_body(&b, "第 1 课：认识京东联盟", "我的讲法 {链接}", NOW + 200).await;
    let v3 = export_training(&a, &path, NOW + 240).await;
    let pack = read::open(&v3).unwrap();
    let plan = import::plan(b.pool(), &pack).await.unwrap();
    let state = |title: &str| plan.items.iter().find(|i| i.title.starts_with(title)).unwrap().state;
    assert_eq!(state("培训总纲"), ItemState::Conflict);
    assert_eq!(state("第 1 课"), ItemState::Unchanged, "only she changed it: hers is the newer");
    assert_eq!(state("第 2 课"), ItemState::Unchanged);

    let choices =
        HashMap::from([(pack.materials.iter().find(|m| m.title == "培训总纲").unwrap().uid.clone(), Resolution::Both)]);
    let tally = import::apply(b.pool(), &b.media(), &pack, Resolution::Mine, &choices, NOW + 300).await.unwrap();
    assert_eq!(tally.kept_both, 1);
    assert_eq!(
        count(&b, "SELECT COUNT(*) FROM materials WHERE title = '培训总纲' AND body = '七天带新，第八天复盘'").await,
        1
    );
    assert_eq!(
        count(&b, "SELECT COUNT(*) FROM materials WHERE title = '培训总纲（导入）' AND body = '十天带新'").await,
        1
    );
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials WHERE body = '我的讲法 {链接}'").await, 1, "hers kept");
    let settled = import::plan(b.pool(), &pack).await.unwrap();
    assert!(settled.items.iter().all(|i| i.state == ItemState::Unchanged), "settled once: {:?}", settled.items);
}

/// The good pack with its materials rewritten by `change`, re-signed in
/// its manifest: well-formed, checksums right, content hostile.
fn forge(entries: &[(String, Vec<u8>)], manifest: &serde_json::Value, change: impl Fn(&str) -> String) -> Vec<u8> {
    let materials =
        change(&String::from_utf8(entries.iter().find(|(n, _)| n == "materials.json").unwrap().1.clone()).unwrap());
    let mut manifest = manifest.clone();
    for entry in manifest["entries"].as_array_mut().unwrap() {
        if entry["path"] == "materials.json" {
            entry["sha256"] = tuanzhang::materials::packs::sha256_hex(materials.as_bytes()).into();
            entry["bytes"] = materials.len().into();
        }
    }
    zip_of(&[
        ("folders.json", entries.iter().find(|(n, _)| n == "folders.json").unwrap().1.clone()),
        ("materials.json", materials.into_bytes()),
        ("manifest.json", serde_json::to_vec(&manifest).unwrap()),
    ])
}

/// A ZIP made by hand: (name, bytes) entries, stored or deflated.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut out).unwrap();
            (name, out)
        })
        .collect()
}

fn key_of(error: PackError) -> String {
    match error {
        PackError::Refused(message) => message.key,
        other => panic!("not a refusal: {other}"),
    }
}

#[tokio::test]
async fn every_kind_of_bad_pack_is_refused_by_name_and_writes_nothing() {
    let (_a_dir, a) = trainer().await;
    let out = tempfile::tempdir().unwrap();
    let good = export_training(&a, &out.path().join("p.tzpack"), NOW).await;
    let entries = entries_of(&good);
    let with = |name: &str, bytes: Vec<u8>| -> Vec<(&str, Vec<u8>)> {
        entries.iter().map(|(n, b)| (n.as_str(), if n == name { bytes.clone() } else { b.clone() })).collect()
    };
    let materials = entries.iter().find(|(n, _)| n == "materials.json").unwrap().1.clone();
    let tampered = String::from_utf8(materials.clone()).unwrap().replace("七天带新", "八天带新").into_bytes();
    let manifest: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
    let mut newer = manifest.clone();
    newer["format_version"] = 2.into();
    let mut extra: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    extra.push(("../evil.json", b"[]".to_vec()));
    let mut absolute: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    absolute.push(("/etc/cron.d/evil", b"x".to_vec()));
    let bomb = zip_of(&[("materials.json", vec![b' '; 150 * 1024 * 1024])]);

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "pack.unreadable"),
        ("not a ZIP", b"PK\x03\x04 but nothing after".to_vec(), "pack.unreadable"),
        ("checksum", zip_of(&with("materials.json", tampered)), "pack.checksum"),
        ("escaping path", zip_of(&extra), "pack.badPath"),
        ("absolute path", zip_of(&absolute), "pack.badPath"),
        ("newer format", zip_of(&with("manifest.json", serde_json::to_vec(&newer).unwrap())), "pack.newerFormat"),
        ("bomb", bomb, "pack.bomb"),
        ("no manifest", zip_of(&[("materials.json", materials.clone())]), "pack.noManifest"),
        ("a hostile id", forge(&entries, &manifest, |m| m.replacen("\"uid\": \"", "\"uid\": \"../", 1)), "pack.badId"),
    ];
    let (_b_dir, b) = common::empty_store().await;
    for (what, bytes, key) in cases {
        let refused = read::open(&bytes).map(|_| ()).expect_err(what);
        assert_eq!(key_of(refused), key, "{what}");
    }
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials").await, 0);

    // A record the form would refuse refuses the whole pack, in one transaction.
    let forged = forge(&entries, &manifest, |m| m.replace("七天带新", "{群主}的七天"));
    let pack = read::open(&forged).expect("well-formed");
    let refused =
        import::apply(b.pool(), &b.media(), &pack, Resolution::Mine, &HashMap::new(), NOW).await.expect_err("refused");
    assert_eq!(key_of(refused), "pack.record");
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials").await, 0, "nothing of it was written");
    assert_eq!(count(&b, "SELECT COUNT(*) FROM material_folders").await, 0);
}

#[test]
fn the_command_line_hands_a_folder_to_an_empty_laptop_where_search_finds_it() {
    let (trainer, laptop, out) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for title in ["红包雨流程", "秒杀预告"] {
        let (_, err, ok) = cli(
            trainer.path(),
            &["materials", "add", "--title", title, "--kind", "campaign", "--body", "今晚八点", "--folder", "活动"],
        );
        assert!(ok, "{err}");
    }
    let pack = out.path().join("活动.tzpack");
    let pack = pack.to_str().unwrap();
    let (printed, err, ok) = cli(trainer.path(), &["pack", "export", "--folder", "活动", pack]);
    assert!(ok && printed.contains("2 materials"), "{printed}{err}");
    let (_, _, ok) = cli(trainer.path(), &["pack", "export", "--folder", "活动", pack]);
    assert!(!ok, "an existing file is kept without --overwrite");

    let (printed, _, ok) = cli(laptop.path(), &["pack", "import", pack, "--dry-run"]);
    assert!(ok && printed.contains("would import: 2 new"), "{printed}");
    let (found, _, _) = cli(laptop.path(), &["materials", "search", "红包"]);
    assert!(!found.contains("红包雨流程"), "a dry run writes nothing");
    let (printed, _, ok) = cli(laptop.path(), &["pack", "import", pack]);
    assert!(ok && printed.lines().filter(|l| l.starts_with("new\t")).count() == 2, "{printed}");
    assert!(
        printed
            .ends_with("imported: 2 new, 0 updated, 0 unchanged, 0 conflicts, 0 kept mine, 0 kept both, 0 courses\n"),
        "{printed}"
    );
    let (found, _, _) = cli(laptop.path(), &["materials", "search", "红包"]);
    assert!(found.contains("红包雨流程"), "{found}");
    let (printed, _, _) = cli(laptop.path(), &["pack", "import", pack]);
    assert!(printed.contains("imported: 0 new, 0 updated, 2 unchanged"), "{printed}");

    std::fs::write(out.path().join("bad.tzpack"), b"PK\x03\x04truncated").unwrap();
    let bad = out.path().join("bad.tzpack");
    let (_, err, ok) = cli(laptop.path(), &["pack", "import", bad.to_str().unwrap()]);
    assert!(!ok && err.contains("bad.tzpack") && err.contains("不是完整的素材包"), "{err}");
}

#[tokio::test]
async fn the_command_line_exports_a_course_by_name_and_imports_it_with_its_lessons() {
    use tuanzhang::courses::{edit as courses, CourseDraft, LessonDraft};
    let (trainer, laptop, out) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for title in ["第 1 课", "第 2 课"] {
        let (_, err, ok) =
            cli(trainer.path(), &["materials", "add", "--title", title, "--kind", "course", "--body", "内容"]);
        assert!(ok, "{err}");
    }
    {
        let folder = tuanzhang::store::folder::DataFolder::at(trainer.path());
        let dir = folder.store_dir(tuanzhang::store::folder::StoreKind::Mine);
        let store = Store::open(&dir, &common::key(trainer.path())).await.expect("the CLI's store opens");
        let lessons: Vec<tuanzhang::model::MaterialId> =
            sqlx::query_scalar("SELECT id FROM materials ORDER BY title").fetch_all(store.pool()).await.unwrap();
        let draft = CourseDraft {
            title: "新人营".into(),
            lessons: lessons.iter().map(|id| LessonDraft { material_id: *id, pass_score: None }).collect(),
            for_newcomers: false,
        };
        courses::create(store.pool(), &draft, NOW).await.unwrap();
        store.close().await;
    }
    let pack = out.path().join("新人营.tzpack");
    let pack = pack.to_str().unwrap();
    let (printed, err, ok) = cli(trainer.path(), &["pack", "export", "--course", "新人营", pack]);
    assert!(ok && printed.contains("2 materials, 0 folders, 0 pictures, 1 courses"), "{printed}{err}");
    let (_, err, ok) = cli(trainer.path(), &["pack", "export", "--course", "没有这门课", pack]);
    assert!(!ok && err.contains("no course named 没有这门课"), "{err}");
    let (printed, _, ok) = cli(laptop.path(), &["pack", "import", pack]);
    assert!(ok && printed.contains("new course\t") && printed.ends_with(", 1 courses\n"), "{printed}");
}
