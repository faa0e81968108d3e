//! "Export everything" (`tuanzhang export all FILE.zip [--reveal]`): one ZIP
//! with every table as CSV (BOM first, so Excel reads UTF-8) and JSON, a
//! manifest whose counts match the store, contacts masked unless asked.

mod common;

use std::io::Read;
use std::path::Path;

fn entry(archive: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the archive")).read_to_end(&mut bytes).unwrap();
    bytes
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn export_all(dir: &Path, file: &Path, reveal: bool) {
    let mut command = common::cli_command(dir);
    command.args(["export", "all"]).arg(file);
    if reveal {
        command.arg("--reveal");
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn every_table_goes_into_one_zip_with_counts_and_contacts_masked_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = tuanzhang::store::Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    common::Partner::named("王秀英").wechat("wangxiuying88").phone("13912345678").insert(&store).await;
    common::Partner::named("=HYPERLINK(\"http://x\")").insert(&store).await;
    let group = common::seed_group(&store, "宝妈好物1群").await;
    common::seed_group_day(&store, group, common::today(), 3, 1_234).await;
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    store.close().await;

    let out = tempfile::tempdir().unwrap();
    let masked = out.path().join("全部数据.zip");
    export_all(dir.path(), &masked, false);
    let manifest: serde_json::Value = serde_json::from_slice(&entry(&masked, "manifest.json")).unwrap();
    assert_eq!(manifest["contacts_revealed"], false);
    let listed = manifest["tables"].as_array().unwrap();
    assert_eq!(listed.len(), tables.len(), "every table is in the archive");
    assert!(listed.iter().any(|t| t["name"] == "materials"));
    assert!(
        !listed.iter().any(|t| t["name"].as_str().is_some_and(|n| n.starts_with("material_search_"))),
        "the search index is rebuilt from the materials, not exported: {listed:?}"
    );
    let partners = listed.iter().find(|t| t["name"] == "partners").unwrap();
    assert_eq!(partners["rows"], 2);
    assert_eq!(listed.iter().find(|t| t["name"] == "groups").unwrap()["rows"], 1);

    let csv = entry(&masked, "csv/partners.csv");
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM first, so Excel reads UTF-8");
    assert!(contains(&csv, "王秀英") && contains(&csv, "139****5678") && contains(&csv, "wa*********88"));
    assert!(!contains(&csv, "13912345678") && !contains(&csv, "wangxiuying88"));
    assert!(contains(&csv, "'=HYPERLINK"), "a formula stays text in a spreadsheet");
    let json: serde_json::Value = serde_json::from_slice(&entry(&masked, "json/partners.json")).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["phone"], "139****5678");
    assert_eq!(rows[0]["name"], "王秀英");
    assert!(rows[1]["phone"].is_null());

    let revealed = out.path().join("revealed.zip");
    export_all(dir.path(), &revealed, true);
    let manifest: serde_json::Value = serde_json::from_slice(&entry(&revealed, "manifest.json")).unwrap();
    assert_eq!(manifest["contacts_revealed"], true);
    let csv = entry(&revealed, "csv/partners.csv");
    assert!(contains(&csv, "13912345678") && contains(&csv, "wangxiuying88"));
    let names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "no half archive is left: {names:?}");
}
