//! Training packs between two laptops' stores: the round trip (ids,
//! revisions, folders, tags), idempotence, a newer version, conflicts, and
//! every kind of refused pack, each refused with nothing written.

mod common;

use common::{cli, count, today, NOW};

use std::collections::HashMap;
use std::io::Write;
use tuanzhang::materials::packs::import::{self, ItemState, Resolution};
use tuanzhang::materials::packs::write::{self, Author, Selection};
use tuanzhang::materials::packs::{read, Notes, PackError};
use tuanzhang::materials::{edit, folders, search, MaterialDraft};
use tuanzhang::media::MediaStore;
use tuanzhang::model::{BizDay, MaterialKind};
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::Store;

fn draft(title: &str, body: &str, tags: &[&str]) -> MaterialDraft {
    MaterialDraft {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..common::material(MaterialKind::Course, title, body)
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
    export_folder(store, out, now, Notes::Omitted).await
}

async fn export_folder(store: &Store, out: &std::path::Path, now: i64, notes: Notes) -> Vec<u8> {
    let folder = folders::find_path(store.pool(), "培训").await.unwrap().unwrap();
    let author = Author { name: "王老师", notes };
    write::export(
        store.pool(),
        &MediaStore::of(store),
        &Selection::Folder(folder),
        author,
        out,
        Existing::Replace,
        now,
    )
    .await
    .unwrap();
    std::fs::read(out).unwrap()
}

async fn import_all(store: &Store, bytes: &[u8], otherwise: Resolution) -> import::Tally {
    let pack = read::open(bytes).expect("a good pack opens");
    import::apply(store.pool(), &MediaStore::of(store), &pack, otherwise, &HashMap::new(), NOW + 600)
        .await
        .expect("applies")
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
    let found = search::search(b.pool(), "联盟", today()).await.unwrap();
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
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &choices, NOW + 300).await.unwrap();
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
    let refused = import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW)
        .await
        .expect_err("refused");
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
    assert!(!read::open(&std::fs::read(pack).unwrap()).unwrap().manifest.includes_notes, "notes stay by default");
    let with_notes = out.path().join("带备注.tzpack");
    let with_notes = with_notes.to_str().unwrap();
    let (_, err, ok) = cli(trainer.path(), &["pack", "export", "--folder", "活动", with_notes, "--include-notes"]);
    assert!(ok && read::open(&std::fs::read(with_notes).unwrap()).unwrap().manifest.includes_notes, "{err}");

    let (printed, _, ok) = cli(laptop.path(), &["pack", "import", pack, "--dry-run"]);
    assert!(ok && printed.contains("would import: 2 new"), "{printed}");
    let (found, _, _) = cli(laptop.path(), &["materials", "search", "红包"]);
    assert!(!found.contains("红包雨流程"), "a dry run writes nothing");
    let (printed, _, ok) = cli(laptop.path(), &["pack", "import", pack]);
    assert!(ok && printed.lines().filter(|l| l.starts_with("new\t")).count() == 2, "{printed}");
    assert!(
        printed.ends_with(
            "imported: 2 new, 0 updated, 0 unchanged, 0 conflicts, 0 foreign, 0 older, 0 kept mine, 0 kept both, \
             0 courses\n"
        ),
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

/// A pack whose material says it expires on a day no store can keep
/// (`-1-01-01`, checksums recomputed) is refused naming the material, and
/// the library is untouched and still lists.
#[tokio::test]
async fn a_pack_material_expiring_on_an_unstorable_day_is_refused_by_name() {
    let (_a_dir, a) = trainer().await;
    let out = tempfile::tempdir().unwrap();
    let entries = entries_of(&export_training(&a, &out.path().join("p.tzpack"), NOW).await);
    let manifest: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
    let forged = forge(&entries, &manifest, |m| {
        let mut records: serde_json::Value = serde_json::from_str(m).unwrap();
        for record in records.as_array_mut().unwrap() {
            if record["title"] == "培训总纲" {
                record["expires_on"] = "-1-01-01".into();
            }
        }
        serde_json::to_string_pretty(&records).unwrap()
    });
    let (_b_dir, b) = common::empty_store().await;
    edit::create(b.pool(), &draft("她自己的", "留着", &[]), NOW).await.unwrap();
    let pack = read::open(&forged).expect("well-formed");
    let refused = import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW)
        .await
        .expect_err("refused");
    let PackError::Refused(message) = refused else { panic!("not a refusal: {refused}") };
    assert_eq!((message.key.as_str(), message.params["title"].as_str()), ("pack.record", "培训总纲"));
    assert!(message.params["reason"].contains("expires_on"), "{message:?}");
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials").await, 1, "nothing of the pack was written");
    let listed = search::search(b.pool(), "她自己", today()).await.expect("the library still lists");
    assert_eq!(listed.hits.len(), 1);
}

/// The pack's entries zipped again under `manifest`, each entry re-signed:
/// well-formed, checksums right, saying whatever the test made it say.
fn resign(entries: &[(String, Vec<u8>)], mut manifest: serde_json::Value) -> Vec<u8> {
    for entry in manifest["entries"].as_array_mut().unwrap() {
        let (_, bytes) = entries.iter().find(|(n, _)| entry["path"] == *n).unwrap();
        entry["sha256"] = tuanzhang::materials::packs::sha256_hex(bytes).into();
        entry["bytes"] = bytes.len().into();
    }
    let mut zipped: Vec<(&str, Vec<u8>)> =
        entries.iter().filter(|(n, _)| n != "manifest.json").map(|(n, b)| (n.as_str(), b.clone())).collect();
    zipped.push(("manifest.json", serde_json::to_vec(&manifest).unwrap()));
    zip_of(&zipped)
}

/// `bytes` as another publisher hands it on: the same ids, its records
/// passed through `change`, under its own `pack_id`.
fn from_another(bytes: &[u8], pack_id: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = entries_of(bytes)
        .into_iter()
        .map(|(name, body)| match name.as_str() {
            "materials.json" | "courses.json" => {
                let changed = change(&String::from_utf8(body).unwrap()).into_bytes();
                (name, changed)
            }
            _ => (name, body),
        })
        .collect();
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
    manifest["pack_id"] = pack_id.into();
    manifest["publisher"] = "李老师".into();
    resign(&entries, manifest)
}

/// Every material as (uid, revision, body, notes): what a pack could change.
async fn library(store: &Store) -> Vec<(String, i64, String, String)> {
    sqlx::query_as("SELECT uid, revision, body, notes FROM materials ORDER BY uid")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_pack_from_another_publisher_reusing_her_ids_never_replaces_hers_unasked() {
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    let out = tempfile::tempdir().unwrap();
    let bytes = export_training(&a, &out.path().join("p.tzpack"), NOW).await;
    import_all(&b, &bytes, Resolution::Mine).await;
    let other = from_another(&bytes, "folder-another-publisher", |json| json.replace("七天带新", "别人的七天"));
    let pack = read::open(&other).unwrap();

    // She has not touched the outline since 王老师's pack brought it; 李老师's is still not hers to take.
    let plan = import::plan(b.pool(), &pack).await.unwrap();
    let state = |title: &str| plan.items.iter().find(|i| i.title.starts_with(title)).unwrap().state;
    assert_eq!(state("培训总纲"), ItemState::Foreign);
    assert_eq!(state("第 1 课"), ItemState::Unchanged, "the same text is no conflict");
    assert_eq!((plan.tally.foreign, plan.tally.unchanged, plan.tally.updated), (1, 2, 0));
    assert_eq!(plan.imported_version, None, "nothing of this pack came in before");
    let before = library(&b).await;
    for _ in 0..2 {
        let tally = import_all(&b, &other, Resolution::Mine).await;
        assert_eq!((tally.kept_mine, tally.updated, tally.unchanged), (1, 0, 2));
        assert_eq!(library(&b).await, before, "hers kept, and the same pack again changes nothing");
    }
    // Nor on the laptop that wrote them.
    let plan = import::plan(a.pool(), &pack).await.unwrap();
    assert_eq!(plan.items.iter().find(|i| i.title == "培训总纲").unwrap().state, ItemState::Foreign);

    // Hers is replaced when she says so, and answers to that pack from then on.
    let outline = pack.materials.iter().find(|m| m.title == "培训总纲").unwrap().uid.clone();
    let choices = HashMap::from([(outline, Resolution::Theirs)]);
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &choices, NOW + 900).await.unwrap();
    assert_eq!(tally.updated, 1);
    assert_eq!(count(&b, "SELECT COUNT(*) FROM materials WHERE body = '别人的七天'").await, 1);
    let settled = import::plan(b.pool(), &pack).await.unwrap();
    assert!(settled.items.iter().all(|i| i.state == ItemState::Unchanged), "{:?}", settled.items);
}

#[tokio::test]
async fn an_older_version_of_the_same_pack_shows_as_older_and_rolls_nothing_back() {
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    let out = tempfile::tempdir().unwrap();
    let v1 = export_training(&a, &out.path().join("v1.tzpack"), NOW).await;
    edit_body(&a, "第 2 课：第一次分享", "先说真话、说用感", NOW + 60).await;
    let v2 = export_training(&a, &out.path().join("v2.tzpack"), NOW + 120).await;
    assert_eq!(import_all(&b, &v2, Resolution::Theirs).await.new, 3);
    let before = library(&b).await;

    let older = read::open(&v1).unwrap();
    let plan = import::plan(b.pool(), &older).await.unwrap();
    assert!(plan.items.iter().all(|i| i.state == ItemState::Older), "{:?}", plan.items);
    assert_eq!((plan.tally.older, plan.tally.updated, plan.tally.conflict), (3, 0, 0));
    assert_eq!(plan.imported_version, Some(2));
    let tally = import_all(&b, &v1, Resolution::Theirs).await;
    assert_eq!((tally.older, tally.updated, tally.kept_both), (3, 0, 0));
    assert_eq!(library(&b).await, before, "version 1 rolls nothing back, even told to take theirs");
    assert_eq!(count(&b, "SELECT MIN(pack_version) FROM material_origins").await, 2);

    let again = import_all(&b, &v2, Resolution::Theirs).await;
    assert_eq!((again.unchanged, again.updated, again.older), (3, 0, 0), "the same version again is unchanged");
    assert_eq!(library(&b).await, before);
}

#[tokio::test]
async fn a_course_from_another_pack_or_an_older_version_keeps_her_lessons() {
    use tuanzhang::courses::{edit as courses, CourseDraft, LessonDraft};
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    let ids: Vec<tuanzhang::model::MaterialId> =
        sqlx::query_scalar("SELECT id FROM materials WHERE title != '私人备忘' ORDER BY title")
            .fetch_all(a.pool())
            .await
            .unwrap();
    let draft = |title: &str, lessons: &[tuanzhang::model::MaterialId]| CourseDraft {
        title: title.into(),
        lessons: lessons.iter().map(|id| LessonDraft { material_id: *id, pass_score: None }).collect(),
        for_newcomers: false,
    };
    let course = courses::create(a.pool(), &draft("新人营", &ids), NOW).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let export = |name: &str, now: i64| {
        let (a, path) = (a.clone(), out.path().join(name));
        async move {
            let author = Author { name: "王老师", notes: Notes::Omitted };
            write::export(
                a.pool(),
                &MediaStore::of(&a),
                &Selection::Course(course.id),
                author,
                &path,
                Existing::Replace,
                now,
            )
            .await
            .unwrap();
            std::fs::read(&path).unwrap()
        }
    };
    let v1 = export("v1.tzpack", NOW).await;
    courses::update(a.pool(), course.id, &draft("新人营", &ids[..2]), NOW + 60).await.unwrap();
    let v2 = export("v2.tzpack", NOW + 120).await;
    let lessons_of = |store: Store| async move {
        let listed = tuanzhang::courses::list(store.pool(), today()).await.unwrap();
        listed.into_iter().map(|c| (c.title, c.lessons.len())).collect::<Vec<_>>()
    };
    import_all(&b, &v2, Resolution::Mine).await;
    assert_eq!(lessons_of(b.clone()).await, [("新人营".to_owned(), 2)]);

    // Version 1 is older than hers: shown so, and her two lessons stay.
    let older = read::open(&v1).unwrap();
    assert_eq!(import::plan(b.pool(), &older).await.unwrap().courses[0].state, ItemState::Older);
    assert_eq!(import_all(&b, &v1, Resolution::Theirs).await.courses, 0);
    assert_eq!(lessons_of(b.clone()).await, [("新人营".to_owned(), 2)]);

    // Another publisher's course under the same id: a choice, hers by default.
    let other = from_another(&v1, "course-another-publisher", |json| json.replace("新人营", "别人的营"));
    let pack = read::open(&other).unwrap();
    assert_eq!(import::plan(b.pool(), &pack).await.unwrap().courses[0].state, ItemState::Foreign);
    assert_eq!(import::plan(a.pool(), &pack).await.unwrap().courses[0].state, ItemState::Foreign, "hers, made here");
    assert_eq!(import_all(&b, &other, Resolution::Mine).await.courses, 0);
    assert_eq!(lessons_of(b.clone()).await, [("新人营".to_owned(), 2)]);
    let both = HashMap::from([(course.uid.clone(), Resolution::Both)]);
    let tally = import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &both, NOW + 900).await.unwrap();
    assert_eq!(tally.courses, 1);
    let mut listed = lessons_of(b.clone()).await;
    listed.sort();
    assert_eq!(listed, [("别人的营（导入）".to_owned(), 3), ("新人营".to_owned(), 2)], "theirs beside hers");
}

/// The material titled `title` with `notes`, as she saves it in the form.
async fn set_notes(store: &Store, title: &str, notes: &str, now: i64) {
    let id = id_of(store, title).await;
    let m = tuanzhang::materials::get(store.pool(), id, BizDay::of(now)).await.unwrap().unwrap();
    let mut d = draft(&m.title, &m.body, &["新人"]);
    (d.folder_id, d.notes) = (m.folder_id, notes.into());
    edit::update(store.pool(), id, m.revision, &d, now).await.unwrap();
}

#[tokio::test]
async fn private_notes_stay_on_her_laptop_unless_she_includes_them() {
    let (_a_dir, a) = trainer().await;
    let (_b_dir, b) = common::empty_store().await;
    set_notes(&a, "培训总纲", "私下：这课要讲慢点", NOW + 10).await;
    let out = tempfile::tempdir().unwrap();
    let records = |bytes: &[u8], name: &str| {
        String::from_utf8(entries_of(bytes).into_iter().find(|(n, _)| n == name).unwrap().1).unwrap()
    };
    let plain = export_training(&a, &out.path().join("plain.tzpack"), NOW + 20).await;
    let materials = records(&plain, "materials.json");
    assert!(!materials.contains("讲慢点") && !materials.contains("\"notes\""), "{materials}");
    assert!(!read::open(&plain).unwrap().manifest.includes_notes);
    let with = export_folder(&a, &out.path().join("with.tzpack"), NOW + 30, Notes::Included).await;
    assert!(records(&with, "materials.json").contains("私下：这课要讲慢点"));
    assert!(read::open(&with).unwrap().manifest.includes_notes);

    // Her notes from the version that carried them, then a version without:
    // only what its author changed looks changed, and her notes stay.
    import_all(&b, &with, Resolution::Mine).await;
    edit_body(&a, "第 2 课：第一次分享", "先说真话、说用感", NOW + 60).await;
    let v3 = export_training(&a, &out.path().join("v3.tzpack"), NOW + 120).await;
    let plan = import::plan(b.pool(), &read::open(&v3).unwrap()).await.unwrap();
    assert_eq!((plan.tally.updated, plan.tally.unchanged, plan.tally.conflict), (1, 2, 0), "{:?}", plan.items);
    import_all(&b, &v3, Resolution::Mine).await;
    let kept = "SELECT COUNT(*) FROM materials WHERE title = '培训总纲' AND notes = '私下：这课要讲慢点'";
    assert_eq!(count(&b, kept).await, 1);

    // Notes she writes herself are no change to what the pack says.
    set_notes(&b, "第 1 课：认识京东联盟", "我的备忘", NOW + 700).await;
    let before = library(&b).await;
    let again = import_all(&b, &v3, Resolution::Theirs).await;
    assert_eq!((again.unchanged, again.updated), (3, 0));
    assert_eq!(library(&b).await, before);
}
