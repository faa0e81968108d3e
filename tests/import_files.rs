//! Importing partners and groups from files as Excel and WPS write them,
//! through the engine and through the CLI.

mod common;

use tuanzhang::files::export;
use tuanzhang::files::import::{self, DuplicatePolicy, ImportKind, RowIssue};
use tuanzhang::files::tabular::{self, SourceTable};
use tuanzhang::store::stats;
use tuanzhang::store::Store;

const GBK_TEAM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/team-1000-gbk.csv");

fn csv(text: &str) -> SourceTable {
    tabular::read("team.csv", text.as_bytes()).unwrap()
}

use common::empty_store as store;
use common::{cli, count, today};

#[test]
fn the_cli_imports_a_gbk_file_of_1000_partners_with_3_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (dry, _, ok) = cli(dir.path(), &["import", "partners", GBK_TEAM, "--dry-run"]);
    assert!(ok, "{dry}");
    assert!(dry.ends_with("imported 0, skipped 3 (dry run: 997 rows would be written)\n"), "{dry}");
    let (stats_before, _, _) = cli(dir.path(), &["stats", "--json"]);
    assert!(stats_before.contains("\"partners\":0"), "a dry run writes nothing: {stats_before}");

    let (out, _, ok) = cli(dir.path(), &["import", "partners", GBK_TEAM]);
    assert!(ok, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with(&format!("{GBK_TEAM}:152: 手机: 手机号应为 11 位")), "{out}");
    assert!(lines[1].starts_with(&format!("{GBK_TEAM}:501: 上级微信号: 上级微信号 nobody999 不在团队里")), "{out}");
    assert!(lines[2].starts_with(&format!("{GBK_TEAM}:901: 微信号: 与第 900 行重复")), "{out}");
    assert_eq!(lines[3], "imported 997, skipped 3");
    let (stats, _, _) = cli(dir.path(), &["stats", "--json"]);
    assert!(stats.contains("\"partners\":997"), "{stats}");

    let (again, _, _) = cli(dir.path(), &["import", "partners", GBK_TEAM]);
    assert!(again.ends_with("imported 0, skipped 1000\n"), "everything already there is skipped: {again}");
}

#[tokio::test]
async fn the_tree_in_the_file_is_kept_and_names_are_stored_as_typed() {
    let (_dir, store) = store().await;
    let table = csv("name,wechat,phone,parent_wechat,role,joined,sub_union_id\n\
         <script>alert(1)</script>,leader01,13800000001,,店长,2025/3/8,p1\n\
         李娜,member02,,leader01,推手,,\n\
         张敏,member03,,member02,,,\n");
    let (preview, outcome) =
        import::commit(store.pool(), ImportKind::Partners, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {})
            .await
            .unwrap();
    assert!(preview.issues.is_empty(), "{:?}", preview.issues);
    assert_eq!((outcome.imported, outcome.skipped), (3, 0));
    let chain: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT p.name, parent.name, p.role FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id ORDER BY p.id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(chain[0], ("<script>alert(1)</script>".into(), None, "shopkeeper".into()));
    assert_eq!(chain[2], ("张敏".into(), Some("李娜".into()), "member".into()));
}

#[tokio::test]
async fn cycles_and_children_of_refused_rows_are_reported_and_nothing_of_them_is_written() {
    let (_dir, store) = store().await;
    let table = csv("姓名,微信号,上级微信号\n\
         甲,alpha001,beta0002\n\
         乙,beta0002,alpha001\n\
         丙,gamma003,alpha001\n\
         丁,delta004,delta004\n\
         戊,epsil005,\n");
    let preview = import::preview(store.pool(), ImportKind::Partners, &table, today()).await.unwrap();
    let lines: Vec<(u64, String)> =
        preview.issues.iter().map(|i| (i.line, i.reason.render(tuanzhang::model::Lang::Zh))).collect();
    assert_eq!(lines.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![2, 3, 4, 5], "{lines:?}");
    assert!(lines[0].1.contains("成环") && lines[1].1.contains("成环"), "{lines:?}");
    assert!(lines[2].1.contains("第 2 行"), "the child hears which line to fix: {lines:?}");
    assert!(lines[3].1.contains("自己"), "{lines:?}");
    assert_eq!(preview.ready, 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM partners").await, 0, "a preview writes nothing");
}

#[tokio::test]
async fn duplicates_of_existing_partners_are_skipped_or_merged_as_chosen() {
    let (_dir, store) = store().await;
    let first = csv("姓名,微信号,手机,角色\n王芳,wangfang1,13800000001,店长\n");
    import::commit(store.pool(), ImportKind::Partners, &first, DuplicatePolicy::Skip, today(), 0, |_, _| {})
        .await
        .unwrap();
    let again = csv("姓名,微信号,手机,角色,推广ID\n王芳芳,,13800000001,,p77\n新人,newbie01,,,\n");
    let preview = import::preview(store.pool(), ImportKind::Partners, &again, today()).await.unwrap();
    assert_eq!(preview.duplicates.len(), 1);
    assert_eq!((preview.duplicates[0].line, preview.duplicates[0].matched_on.as_str()), (2, "手机"));
    assert_eq!(preview.duplicates[0].existing_name, "王芳");

    let (_, skipped) =
        import::commit(store.pool(), ImportKind::Partners, &again, DuplicatePolicy::Skip, today(), 0, |_, _| {})
            .await
            .unwrap();
    assert_eq!((skipped.imported, skipped.merged, skipped.skipped), (1, 0, 1));
    let again = csv("姓名,微信号,手机,角色,推广ID\n王芳芳,,13800000001,,p77\n");
    let (_, merged) =
        import::commit(store.pool(), ImportKind::Partners, &again, DuplicatePolicy::Merge, today(), 0, |_, _| {})
            .await
            .unwrap();
    assert_eq!(merged.merged, 1);
    let (name, wechat, role, sub): (String, String, String, String) =
        sqlx::query_as("SELECT name, wechat, role, sub_union_id FROM partners WHERE phone = '13800000001'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), wechat.as_str(), role.as_str(), sub.as_str()),
        ("王芳芳", "wangfang1", "shopkeeper", "p77")
    );
}

#[tokio::test]
async fn groups_import_from_xlsx_with_owners_positions_and_member_counts() {
    let (_dir, store) = store().await;
    let team = csv("姓名,微信号\n王芳,wangfang1\n");
    import::commit(store.pool(), ImportKind::Partners, &team, DuplicatePolicy::Skip, today(), 0, |_, _| {})
        .await
        .unwrap();
    let rows: Vec<Vec<String>> = [
        ["宝妈好物1群", "爆品群", "wangfang1", "3001000100", "186"],
        ["培训群", "培训群", "", "", ""],
        ["重复推广位群", "其他", "", "3001000100", ""],
        ["没群主群", "推荐群", "nobody99", "", ""],
        ["人太多群", "爆品群", "", "", "501"],
        ["", "爆品群", "", "", ""],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let bytes = tabular::write_xlsx("社群", &["群名", "类型", "群主微信号", "推广位", "成员数"], &rows).unwrap();
    let table = tabular::read("groups.xlsx", &bytes).unwrap();
    let (preview, outcome) =
        import::commit(store.pool(), ImportKind::Groups, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {})
            .await
            .unwrap();
    let issues: Vec<(u64, &str)> = preview.issues.iter().map(|i: &RowIssue| (i.line, i.column.as_str())).collect();
    assert_eq!(issues, vec![(4, "推广位"), (5, "群主微信号"), (6, "成员数"), (7, "群名")]);
    assert_eq!((outcome.imported, outcome.skipped), (2, 4));
    assert_eq!(count(&store, "SELECT members FROM group_member_counts").await, 186);
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM groups g JOIN partners p ON p.id = g.owner_partner_id WHERE p.wechat = 'wangfang1'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_revealed_export_imports_back_into_an_empty_store_and_a_masked_one_hides_contacts() {
    let (_dir, store) = store().await;
    let team = csv("姓名,微信号,手机,上级微信号,角色\n王芳,wangfang1,13800000001,,店长\n李娜,lina0002,13800000002,wangfang1,推手\n");
    import::commit(store.pool(), ImportKind::Partners, &team, DuplicatePolicy::Skip, today(), 0, |_, _| {})
        .await
        .unwrap();

    let masked = export::export(store.pool(), ImportKind::Partners, "team.csv", false).await.unwrap().bytes;
    let masked = String::from_utf8(masked).unwrap();
    assert!(masked.contains("138****0002") && !masked.contains("13800000002"), "{masked}");

    for file in ["team.csv", "team.xlsx"] {
        let bytes = export::export(store.pool(), ImportKind::Partners, file, true).await.unwrap().bytes;
        let (_other_dir, other) = self::store().await;
        let table = tabular::read(file, &bytes).unwrap();
        let (preview, outcome) =
            import::commit(other.pool(), ImportKind::Partners, &table, DuplicatePolicy::Skip, today(), 0, |_, _| {})
                .await
                .unwrap();
        assert!(preview.issues.is_empty(), "{file}: {:?}", preview.issues);
        assert_eq!(outcome.imported, 2, "{file}");
        assert_eq!(stats::stats(other.pool()).await.unwrap().partners, 2);
        assert_eq!(
            count(
                &other,
                "SELECT COUNT(*) FROM partners c JOIN partners p ON p.id = c.parent_id WHERE c.phone = '13800000002'"
            )
            .await,
            1,
            "{file}: the tree survives the round trip"
        );
    }
}

#[tokio::test]
async fn a_header_without_a_name_column_is_refused_before_any_row() {
    let (_dir, store) = store().await;
    let error = import::preview(store.pool(), ImportKind::Partners, &csv("微信号,手机\nabcdef1,\n"), today())
        .await
        .unwrap_err();
    let import::ImportError::Header(message) = error else { panic!("{error}") };
    assert!(message.render(tuanzhang::model::Lang::Zh).starts_with("team.csv:1：表头缺少 姓名"), "{message}");
}

/// A day no store can keep (a sign, year 0) is refused at its row and
/// column while the good rows import; a day an older version did store
/// that way (`-9899`) is exported as stored, named on stderr, and does not
/// stop the export of the rest.
#[tokio::test]
async fn an_unstorable_joining_day_is_refused_at_its_row_and_a_stored_one_never_stops_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("team.csv");
    std::fs::write(
        &sheet,
        "姓名,微信号,加入日期\n王芳,wangfang01,2025-03-08\n李娜,lina00002,-1-01-01\n张敏,zhangmin03,0000-01-01\n赵雪,zhaoxue04,2025-04-01\n",
    )
    .unwrap();
    let sheet = sheet.to_str().unwrap();
    let (out, err, ok) = common::cli(dir.path(), &["import", "partners", sheet]);
    assert!(ok, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with(&format!("{sheet}:3: 加入日期: ")) && lines[0].ends_with("-1-01-01"), "{out}");
    assert!(lines[1].starts_with(&format!("{sheet}:4: 加入日期: ")) && lines[1].ends_with("0000-01-01"), "{out}");
    assert_eq!(lines[2], "imported 2, skipped 2");

    {
        let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
        sqlx::query("UPDATE partners SET joined_on = -9899 WHERE name = '王芳'").execute(store.pool()).await.unwrap();
        store.pool().close().await;
    }
    let file = dir.path().join("out.csv");
    let (out, err, ok) = common::cli(dir.path(), &["export", "partners", file.to_str().unwrap(), "--reveal"]);
    assert!(ok, "{out}{err}");
    assert!(err.contains("第 2 行（王芳）的加入日期无法读取（存的是 -9899）"), "{err}");
    let table = tabular::read("out.csv", &std::fs::read(&file).unwrap()).unwrap();
    let rows: Vec<(&str, &str)> = table.rows.iter().map(|r| (r.cells[0].as_str(), r.cells[5].as_str())).collect();
    assert_eq!(rows, [("王芳", "-9899"), ("赵雪", "2025-04-01")], "the rest exported, the bad day as stored");
}
