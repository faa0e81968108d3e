//! A phone number and a WeChat id are planted in a partner sheet, imported
//! through the command line with trace logging, and then carried through
//! the commands that read them back (a dry run that finds them again, a
//! merge, exports masked and revealed, the whole archive, a report by
//! partner, the stats). Neither may reach anything a process printed:
//! every traced entry point records only the arguments it names, so a
//! contact cannot reach a log by omission.

mod common;

use std::path::Path;
use std::process::Output;

const PHONE: &str = "13912345678";
const WECHAT: &str = "wxid_plant_7788";

fn run(dir: &Path, args: &[&str]) -> Output {
    common::cli_traced(dir, args, &[])
}

#[test]
fn a_planted_phone_and_wechat_id_reach_no_log_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = dir.path().join("team.csv");
    let sheet_text = format!("姓名,微信号,手机,上级微信号,角色\n王芳,{WECHAT},{PHONE},,店长\n李娜,lina01,,{WECHAT},\n");
    std::fs::write(&sheet, sheet_text).expect("sheet written");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (sheet, masked, revealed) = (path("team.csv"), path("masked.csv"), path("revealed.xlsx"));
    let archive = path("everything.zip");

    let mut printed = Vec::new();
    for args in [
        vec!["import", "partners", &sheet],
        vec!["import", "partners", &sheet, "--dry-run"],
        vec!["import", "partners", &sheet, "--on-duplicate", "merge"],
        vec!["export", "partners", &masked],
        vec!["export", "partners", &revealed, "--reveal"],
        vec!["export", "all", &archive, "--reveal"],
        vec!["report", "--from", "2025-01-01", "--to", "2025-01-07", "--by", "partner"],
        vec!["stats", "--json"],
    ] {
        let output = run(dir.path(), &args);
        printed.extend(output.stdout);
        printed.extend(output.stderr);
    }
    let printed = String::from_utf8_lossy(&printed);
    assert!(printed.contains("TRACE") || printed.contains("DEBUG"), "trace logging was on: {printed}");
    assert!(printed.contains("\"partners\":2"), "the sheet was imported: {printed}");
    for contact in [PHONE, WECHAT] {
        let leaks: Vec<&str> = printed.lines().filter(|line| line.contains(contact)).collect();
        assert!(leaks.is_empty(), "{contact} was printed or logged:\n{}", leaks.join("\n"));
    }

    // The revealed export does hold them: they were really there to leak.
    let revealed = tuanzhang::files::tabular::read("revealed.xlsx", &std::fs::read(&revealed).expect("exported"))
        .expect("readable export");
    let cells: Vec<&str> = revealed.rows.iter().flat_map(|row| row.cells.iter().map(String::as_str)).collect();
    assert!(cells.contains(&PHONE) && cells.contains(&WECHAT), "{cells:?}");
}
