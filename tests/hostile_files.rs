//! Files made to hurt: a tiny XLSX claiming the far corner of the sheet, a
//! ZIP bomb, absurd date serials, a file over the size cap, a UTF-8 file
//! with one stray byte. Each is refused (or read) with its message, and the
//! process reading it lives on with its memory bounded. Plus an import that
//! races a sync commit, and exports that must come back exactly.

mod common;

use common::today;
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;
use tuanzhang::files::export;
use tuanzhang::files::import::{self, DuplicatePolicy, ImportKind};
use tuanzhang::files::tabular::{self, TextEncoding};

const BIN: &str = env!("CARGO_BIN_EXE_tuanzhang");

/// A workbook whose sheet XML is written by hand.
fn workbook(sheet_cells: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_cells}</sheetData></worksheet>"#
    );
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"#;

/// Imports `file` through the CLI, as she would hand it over, and answers
/// what it printed, whether it succeeded, and its peak memory in KiB.
fn cli_import(dir: &Path, file: &Path) -> (String, bool, u64) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "peak-kib=%M"])
        .arg(BIN)
        .env("TUANZHANG_LANG", "zh-CN")
        .env("TUANZHANG_SECRET_STORE", "file")
        .arg("--data-dir")
        .arg(dir)
        .args(["import", "partners"])
        .arg(file)
        .output()
        .expect("the CLI runs under /usr/bin/time");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let peak = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-kib="))
        .and_then(|v| v.trim().parse().ok())
        .expect("time reports the peak");
    (format!("{}{stderr}", String::from_utf8_lossy(&output.stdout)), output.status.success(), peak)
}

#[test]
fn hostile_workbooks_are_refused_by_name_and_the_process_lives_on() {
    let dir = tempfile::tempdir().unwrap();
    let far =
        workbook(&format!(r#"{HEADER}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#));
    let padding = " ".repeat(80 * 1024 * 1024);
    let bomb = workbook(&format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名{padding}</t></is></c></row>"#));
    assert!(far.len() < 4096 && bomb.len() < 1024 * 1024, "both are small files");
    for (name, bytes, says) in [("far.xlsx", far, "200000 × 64"), ("bomb.xlsx", bomb, "50 MB")] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (printed, ok, peak_kib) = cli_import(&dir.path().join("data"), &path);
        assert!(!ok, "{name} was imported: {printed}");
        assert!(printed.contains(name) && printed.contains(says), "{name}: {printed}");
        assert!(!printed.contains("panicked") && !printed.contains("memory allocation"), "{printed}");
        assert!(peak_kib < 200 * 1024, "{name}: memory stayed bounded ({peak_kib} KiB)");
    }
}

#[test]
fn an_absurd_date_serial_is_read_as_a_number_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>王芳</t></is></c><c r="B2" t="d"><v>1e300</v></c></row>"#
    );
    let path = dir.path().join("dates.xlsx");
    std::fs::write(&path, workbook(&sheet)).unwrap();
    let (printed, ok, _) = cli_import(&dir.path().join("data"), &path);
    assert!(ok, "{printed}");
    assert!(printed.contains("imported 1"), "{printed}");
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(tabular::MAX_FILE_BYTES as u64 + 1).unwrap();
    let (printed, ok, peak_kib) = cli_import(&dir.path().join("data"), &path);
    assert!(!ok);
    assert!(printed.contains("huge.csv") && printed.contains("20 MB"), "{printed}");
    // Against the same command on a file of one line: reading the huge one
    // would add its 20 MB; the process itself is not what is measured.
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "姓名\n").unwrap();
    let (_, _, baseline_kib) = cli_import(&dir.path().join("data"), &small);
    let file_kib = (tabular::MAX_FILE_BYTES / 1024) as u64;
    assert!(
        peak_kib < baseline_kib + file_kib / 2,
        "not read into memory: {peak_kib} KiB against {baseline_kib} KiB for a one-line file"
    );
}

#[tokio::test]
async fn a_mostly_utf8_file_imports_every_good_line_and_names_the_broken_one() {
    let (_dir, store) = common::empty_store().await;
    let mut bytes = "姓名,微信号\n王芳,wangfang01\n李娜,lina_8888\n张伟,zhangwei01\n".as_bytes().to_vec();
    let line_three = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).map(|(i, _)| i + 1).unwrap();
    bytes.insert(line_three + 1, 0xFF);
    let table = tabular::read("team.csv", &bytes).unwrap();
    let preview = import::preview(store.pool(), ImportKind::Partners, &table, today()).await.unwrap();
    assert_eq!(preview.encoding, Some(TextEncoding::Utf8), "read as UTF-8, and said so");
    assert_eq!((preview.rows, preview.ready), (3, 2));
    assert_eq!(preview.issues.len(), 1);
    assert_eq!((preview.issues[0].line, preview.issues[0].reason.key.as_str()), (3, "import.line.brokenBytes"));
    let (_, outcome) =
        import::commit(store.pool(), ImportKind::Partners, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {})
            .await
            .unwrap();
    assert_eq!((outcome.imported, outcome.skipped), (2, 1));
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM partners ORDER BY id").fetch_all(store.pool()).await.unwrap();
    assert_eq!(names, vec!["王芳", "张伟"], "no name turned into garbage");
}

/// A sync commit holding the write lock while an import plans: the import
/// waits for it (IMMEDIATE) instead of failing when it comes to write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_racing_a_sync_commit_waits_and_lands() {
    let (_dir, store) = common::empty_store().await;
    let (locked, lock_taken) = tokio::sync::oneshot::channel();
    let writer = store.bulk().run(move |db| {
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("INSERT INTO settings (key, value) VALUES ('race', '1')", [])?;
        let _ = locked.send(());
        std::thread::sleep(std::time::Duration::from_millis(600));
        tx.commit()?;
        Ok(())
    });
    let import = async {
        lock_taken.await.unwrap();
        let table = tabular::read("team.csv", "姓名,微信号\n王芳,wangfang01\n".as_bytes()).unwrap();
        import::commit(store.pool(), ImportKind::Partners, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {}).await
    };
    let (written, imported) = tokio::join!(writer, import);
    written.expect("the sync commit lands");
    let (_, outcome) = imported.expect("the import waits for the lock instead of failing");
    assert_eq!(outcome.imported, 1);
}

#[tokio::test]
async fn an_export_of_at_and_tab_led_names_imports_back_exactly() {
    let (_dir, store) = common::empty_store().await;
    let table = tabular::read("team.csv", "姓名,微信号\n@小美,xiaomei01\n=王芳,wangfang01\n".as_bytes()).unwrap();
    assert_eq!(table.rows[0].cells[0], "@小美");
    import::commit(store.pool(), ImportKind::Partners, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {})
        .await
        .unwrap();
    for file in ["out.csv", "out.xlsx"] {
        let bytes = export::export(store.pool(), ImportKind::Partners, file, true).await.unwrap().bytes;
        let back = tabular::read(file, &bytes).unwrap();
        let names: Vec<&str> = back.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, vec!["@小美", "=王芳"], "{file}");
    }
    let csv = export::export(store.pool(), ImportKind::Partners, "out.csv", true).await.unwrap().bytes;
    assert!(String::from_utf8_lossy(&csv).contains("'@小美"), "the CSV keeps it from running as a formula");
}

#[test]
fn an_export_never_replaces_a_file_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let target = dir.path().join("团队.csv");
    std::fs::write(&target, "hers").unwrap();
    let run = |extra: &[&str]| {
        common::cli_command(&data).args(["export", "partners"]).arg(&target).args(extra).output().unwrap()
    };
    let refused = run(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--overwrite"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "hers");
    assert!(run(&["--overwrite"]).status.success());
    assert!(std::fs::read_to_string(&target).unwrap().contains("姓名"));
    let staged =
        std::fs::read_dir(dir.path()).unwrap().flatten().any(|e| e.file_name().to_string_lossy().ends_with(".partial"));
    assert!(!staged, "no stage left behind");
}
