//! One ledger over three platforms: sync keeps each platform's rollups
//! equal to its rows, through status changes and edits of other fields;
//! every report, breakdown, chart and share card read for one platform is
//! that platform's rows, the reads of all platforms are the three summed,
//! the by-platform lines add up to the total, and the risk radar shows each
//! platform's punished rows with the platform's own code. And the same from
//! a terminal.

mod common;

use common::{today, NOW};
use tuanzhang::charts::{self, share_card, ChartKind, Lang};
use tuanzhang::earnings::breakdowns::NO_PARTNER;
use tuanzhang::earnings::report::{report, Report};
use tuanzhang::earnings::report_rows::{ReportBy, RowKind};
use tuanzhang::earnings::risk::{self, PlatformCode};
use tuanzhang::earnings::rows_behind::{self, TotalLines};
use tuanzhang::earnings::{cohort, dashboard, headline, money_explained, settlements};
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::{
    AccountId, BizDay, BizMonth, Money, OrderId, OrderRow, PartnerRole, Platform, PositionId, Punishment, RatePct,
    RowId, SubUnionId, SyncRunId, ValidCode, UNFROZEN,
};
use tuanzhang::store::Store;
use tuanzhang::sync::ingest::{commit_window, WindowCommit};
use tuanzhang::team::{self, PartnerInput};

/// The filters a read takes: every platform, then each alone.
const SCOPES: [Option<Platform>; 4] = [None, Some(Platform::Jd), Some(Platform::Pdd), Some(Platform::Taobao)];

/// One order line as its platform's client hands it to sync: `key` is
/// JD's row id for JD and the platform's own key for the other two; ordered
/// `days_ago` days before today at `hour` Beijing.
#[derive(Clone)]
struct Line {
    platform: Platform,
    key: &'static str,
    order: &'static str,
    days_ago: i64,
    hour: i64,
    cid1: i64,
    code: ValidCode,
    own_code: &'static str,
    units: i64,
    returned: i64,
    fee: i64,
    actual: i64,
    pay_month: Option<BizDay>,
    person: &'static str,
    place: &'static str,
    name: &'static str,
    modified: i64,
}

const BASE: Line = Line {
    platform: Platform::Jd,
    key: "",
    order: "",
    days_ago: 0,
    hour: 10,
    cid1: 1320,
    code: ValidCode::PAID,
    own_code: "",
    units: 1,
    returned: 0,
    fee: 0,
    actual: 0,
    pay_month: None,
    person: "",
    place: "",
    name: "每日坚果礼盒750g",
    modified: 0,
};

impl Line {
    fn row(&self) -> OrderRow {
        let jd = self.platform == Platform::Jd;
        let ordered = today().add_days(-self.days_ago).start() + self.hour * 3600;
        let number = |key: &str| key.parse::<i64>().expect("a JD number");
        OrderRow {
            id: if jd { RowId(number(self.key)) } else { RowId::from_platform_key(self.platform, self.key) },
            order_id: if jd {
                OrderId(number(self.order))
            } else {
                OrderId::from_platform_key(self.platform, self.order)
            },
            parent_id: 0,
            order_time: ordered,
            finish_time: None,
            modify_time: ordered + 60 + self.modified,
            sku_id: 1,
            sku_name: self.name.into(),
            sku_num: self.units,
            sku_return_num: self.returned,
            sku_frozen_num: 0,
            price: Money::from_fen(5_990),
            cid1: self.cid1,
            commission_rate: RatePct::from_hundredths(1_000),
            final_rate: RatePct::from_hundredths(9_000),
            estimate_cos_price: Money::from_fen(5_990 * self.units),
            estimate_fee: Money::from_fen(self.fee),
            actual_cos_price: Money::ZERO,
            actual_fee: Money::from_fen(self.actual),
            pay_month: self.pay_month,
            union_id: 0,
            position_id: (jd && !self.place.is_empty()).then(|| PositionId(number(self.place))),
            sub_union_id: if jd { SubUnionId::parse(self.person).ok() } else { None },
            plus: false,
            valid_code: self.code,
            settlements: None,
            platform: self.platform,
            platform_key: (!jd).then(|| self.key.to_owned()),
            order_key: (!jd).then(|| self.order.to_owned()),
            platform_status: (!jd).then(|| self.own_code.to_owned()),
            platform_place: (!jd && !self.place.is_empty()).then(|| self.place.to_owned()),
            platform_person: (!jd && !self.person.is_empty()).then(|| self.person.to_owned()),
        }
    }
}

fn days_ahead(days: i64) -> Option<BizDay> {
    Some(today().add_days(days))
}

/// Lines of every platform: valid, settled and still to settle, refunded,
/// invalid, punished, awaiting payment and of a status not known; two
/// lines of one JD order; under partners, groups and no one.
fn first_window() -> Vec<Line> {
    let jd = Line { platform: Platform::Jd, ..BASE };
    let pdd = Line { platform: Platform::Pdd, cid1: 0, own_code: "1", ..BASE };
    let taobao = Line { platform: Platform::Taobao, cid1: 0, own_code: "12", ..BASE };
    vec![
        Line { key: "7001", order: "9001", days_ago: 3, fee: 1_000, person: "s1", place: "101", ..jd },
        Line {
            key: "7002",
            order: "9001",
            days_ago: 3,
            units: 2,
            fee: 500,
            actual: 500,
            code: ValidCode::COMPLETED,
            pay_month: days_ahead(-1),
            person: "s1",
            place: "101",
            ..jd
        },
        Line {
            key: "7003",
            order: "9002",
            days_ago: 20,
            hour: 22,
            cid1: 1315,
            fee: 800,
            actual: 800,
            code: ValidCode::COMPLETED,
            pay_month: days_ahead(30),
            person: "s2",
            place: "102",
            ..jd
        },
        Line { key: "7004", order: "9003", days_ago: 5, fee: 700, code: ValidCode::CANCELLED, ..jd },
        Line { key: "7005", order: "9004", days_ago: 2, fee: 300, code: ValidCode(26), person: "s2", ..jd },
        Line { key: "7006", order: "9005", days_ago: 1, units: 2, returned: 1, fee: 400, person: "s1", ..jd },
        Line { key: "231118-001", order: "231118-001", days_ago: 3, hour: 21, fee: 1_500, person: "p7", ..pdd },
        Line {
            key: "231118-002",
            order: "231118-002",
            days_ago: 10,
            fee: 2_200,
            actual: 2_200,
            code: ValidCode::COMPLETED,
            own_code: "5",
            pay_month: days_ahead(-2),
            person: "p7",
            ..pdd
        },
        Line {
            key: "231118-003",
            order: "231118-003",
            days_ago: 4,
            fee: 600,
            code: ValidCode::RULE_BREACH,
            own_code: "10",
            person: "p7",
            ..pdd
        },
        Line {
            key: "231118-004",
            order: "231118-004",
            days_ago: 6,
            fee: 400,
            code: ValidCode::CANCELLED,
            own_code: "4",
            ..pdd
        },
        Line {
            key: "231118-005",
            order: "231118-005",
            days_ago: 1,
            fee: 90,
            code: ValidCode::PENDING,
            own_code: "-1",
            ..pdd
        },
        Line { key: "1888001", order: "1888000", days_ago: 2, hour: 12, fee: 900, ..taobao },
        Line {
            key: "1888002",
            order: "1888002",
            days_ago: 15,
            fee: 1_000,
            actual: 1_000,
            code: ValidCode::COMPLETED,
            own_code: "3",
            pay_month: days_ahead(-3),
            ..taobao
        },
        Line {
            key: "1888003",
            order: "1888003",
            days_ago: 7,
            fee: 350,
            code: ValidCode::CANCELLED,
            own_code: "13",
            ..taobao
        },
        Line {
            key: "1888004",
            order: "1888004",
            days_ago: 8,
            fee: 120,
            code: ValidCode::UNKNOWN,
            own_code: "99",
            ..taobao
        },
    ]
}

/// The next sync: a 多多进宝 line completes, a 淘宝联盟 line is refunded
/// whole, and a JD line changes only its name.
fn second_window(first: &[Line]) -> Vec<Line> {
    let find = |key: &str| first.iter().find(|l| l.key == key).cloned().expect("a first-window line");
    vec![
        Line {
            code: ValidCode::COMPLETED,
            own_code: "2",
            actual: 1_500,
            pay_month: days_ahead(30),
            modified: 3_600,
            ..find("231118-001")
        },
        Line { code: ValidCode::CANCELLED, own_code: "13", modified: 3_600, ..find("1888001") },
        Line { name: "每日坚果礼盒750g（新包装）", modified: 3_600, ..find("7001") },
    ]
}

async fn sync(store: &Store, lines: &[Line]) {
    commit(store, lines, Vec::new()).await;
}

/// One window of sync's: `lines` and what it read of punishments.
async fn commit(store: &Store, lines: &[Line], punishments: Vec<Punishment>) {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (1, 0, 'running') RETURNING id",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let window = WindowCommit {
        account: AccountId(1),
        run: SyncRunId(run),
        rows: lines.iter().map(Line::row).collect(),
        rejected: Vec::new(),
        cursor: NOW,
        pages: 1,
        recorded_at: NOW,
        subsidies: Vec::new(),
        clawbacks: Vec::new(),
        punishments,
    };
    commit_window(store.bulk(), window).await.unwrap();
}

/// A store with both windows synced, and a partner holding the 多多进宝 id `p7`.
async fn world() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    let input = PartnerInput {
        name: "王芳".into(),
        role: PartnerRole::Member,
        wechat: String::new(),
        phone: String::new(),
        sub_union_id: String::new(),
        pdd_uid: "p7".into(),
        taobao_id: String::new(),
        joined_on: String::new(),
        tags: vec![],
        notes: String::new(),
    };
    team::create(store.pool(), &input, None, today(), NOW).await.unwrap();
    let first = first_window();
    sync(&store, &first).await;
    sync(&store, &second_window(&first)).await;
    (dir, store)
}

async fn rows_of<T>(store: &Store, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin + Ord,
{
    let mut rows: Vec<T> = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned())).fetch_all(store.pool()).await.unwrap();
    rows.sort();
    rows
}

type Six = (String, i64, i64, i64, i64, i64);

/// One `category_daily` line: platform, day, cid1, code, pay month, rows,
/// estimate, refunded, invalidated.
type CategoryDay = (String, i64, i64, i64, i64, i64, i64, i64, i64);

/// `daily_rollup`, `category_daily` and `hour_daily`, each against the same
/// sums over the rows grouped by platform.
async fn assert_rollups_are_each_platforms_rows(store: &Store) {
    let valid = ValidCode::VALID_SQL;
    let fee = |units: &str| format!("price_fen * {units} * commission_rate * final_rate / 100000000");
    let daily: Vec<Six> = rows_of(
        store,
        "SELECT platform, day, group_id, pay_month, rows, estimate_fee_fen FROM daily_rollup WHERE rows != 0",
    )
    .await;
    let raw: Vec<Six> = rows_of(
        store,
        &format!(
            "SELECT platform, order_day, COALESCE(group_id, 0), COALESCE(pay_month, 0), COUNT(*),
                    SUM(CASE WHEN {valid} THEN estimate_fee_fen ELSE 0 END)
             FROM order_rows GROUP BY 1, 2, 3, 4"
        ),
    )
    .await;
    assert_eq!(daily, raw, "daily_rollup rows and estimate");
    let orders: Vec<(String, i64, i64, i64)> =
        rows_of(store, "SELECT platform, day, group_id, orders FROM daily_rollup WHERE pay_month = 0 AND orders != 0")
            .await;
    let raw_orders: Vec<(String, i64, i64, i64)> = rows_of(
        store,
        &format!(
            "SELECT platform, order_day, COALESCE(group_id, 0), COUNT(DISTINCT order_id) FROM order_rows
             WHERE {valid} GROUP BY 1, 2, 3"
        ),
    )
    .await;
    assert_eq!(orders, raw_orders, "daily_rollup orders");
    let categories: Vec<CategoryDay> = rows_of(
        store,
        "SELECT platform, day, cid1, valid_code, pay_month, rows, estimate_fee_fen, refunded_fen, invalidated_fen
         FROM category_daily WHERE rows != 0",
    )
    .await;
    let raw_categories = rows_of(
        store,
        &format!(
            "SELECT platform, order_day, cid1, valid_code, COALESCE(pay_month, 0), COUNT(*), SUM(estimate_fee_fen),
                    SUM(CASE WHEN {valid} THEN {all} - {kept} ELSE 0 END),
                    SUM(CASE WHEN NOT {valid} AND valid_code NOT IN (15, -1) THEN {kept} ELSE 0 END)
             FROM order_rows GROUP BY 1, 2, 3, 4, 5",
            all = fee("sku_num"),
            kept = fee("(sku_num - sku_return_num)"),
        ),
    )
    .await;
    assert_eq!(categories, raw_categories, "category_daily");
    let hours: Vec<Six> = rows_of(
        store,
        "SELECT platform, day, hour, SUM(rows), SUM(estimate_fee_fen), SUM(orders) FROM hour_daily
         GROUP BY 1, 2, 3 HAVING SUM(rows) != 0 OR SUM(orders) != 0",
    )
    .await;
    let raw_hours = rows_of(
        store,
        &format!(
            "SELECT platform, order_day, (order_time + 28800) / 3600 % 24, COUNT(*), SUM(estimate_fee_fen),
                    COUNT(DISTINCT order_id)
             FROM order_rows WHERE {valid} GROUP BY 1, 2, 3"
        ),
    )
    .await;
    assert_eq!(hours, raw_hours, "hour_daily");
    common::assert_team_rollups_match_rows(store).await;
}

#[tokio::test]
async fn sync_keeps_each_platforms_rollups_equal_to_its_rows() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    let first = first_window();
    sync(&store, &first).await;
    assert_rollups_are_each_platforms_rows(&store).await;
    sync(&store, &second_window(&first)).await;
    assert_rollups_are_each_platforms_rows(&store).await;
    let platforms: Vec<(String,)> = rows_of(&store, "SELECT DISTINCT platform FROM daily_rollup").await;
    assert_eq!(platforms.len(), 3, "every platform has its own lines");
}

/// `(estimate, settled, orders)` of a report line.
fn figures(row: &tuanzhang::earnings::report_rows::ReportRow) -> (i64, i64, i64) {
    (row.estimate_fen.fen(), row.settled_fen.fen(), row.orders)
}

fn plus(a: (i64, i64, i64), b: (i64, i64, i64)) -> (i64, i64, i64) {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2)
}

/// The raw rows' total for `platform` over `range`: valid estimate, what
/// settled by today, distinct valid orders.
async fn raw_total(store: &Store, platform: Option<Platform>, (from, to): (BizDay, BizDay)) -> (i64, i64, i64) {
    let valid = ValidCode::VALID_SQL;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0),
                COALESCE(SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen ELSE 0 END), 0),
                COUNT(DISTINCT order_id)
         FROM order_rows WHERE order_day BETWEEN ?1 AND ?2 AND {valid} AND (?4 IS NULL OR platform = ?4)"
    )))
    .bind(from)
    .bind(to)
    .bind(today())
    .bind(platform)
    .fetch_one(store.pool())
    .await
    .unwrap()
}

/// Each keyed line of a category, hour or partner report as (key, estimate, count), from the raw rows.
async fn raw_lines(
    store: &Store,
    platform: Option<Platform>,
    by: ReportBy,
    (from, to): (BizDay, BizDay),
) -> Vec<(i64, i64, i64)> {
    let valid = ValidCode::VALID_SQL;
    let (key, count) = match by {
        ReportBy::Category => ("cid1", "COUNT(*)"),
        ReportBy::Hour => ("(order_time + 28800) / 3600 % 24", "COUNT(DISTINCT order_id)"),
        ReportBy::Partner => ("partner_id", "COUNT(DISTINCT order_id)"),
        _ => unreachable!("only keyed breakdowns are compared here"),
    };
    let mut lines: Vec<(i64, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {key}, SUM(estimate_fee_fen), {count} FROM order_rows
         WHERE order_day BETWEEN ?1 AND ?2 AND {valid} AND (?3 IS NULL OR platform = ?3) AND {key} IS NOT NULL
         GROUP BY 1"
    )))
    .bind(from)
    .bind(to)
    .bind(platform)
    .fetch_all(store.pool())
    .await
    .unwrap();
    lines.sort();
    lines
}

fn keyed_lines(found: &Report) -> Vec<(i64, i64, i64)> {
    let mut lines: Vec<(i64, i64, i64)> = found
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Line && (r.estimate_fen.fen() != 0 || r.orders != 0))
        .filter_map(|r| {
            let drill = r.drill.filter(|d| !(d.by == ReportBy::Partner && d.key == NO_PARTNER))?;
            Some((drill.key, r.estimate_fen.fen(), r.orders))
        })
        .collect();
    lines.sort();
    lines
}

/// Every line behind `drill`, read page by page: how many, and of which platforms.
async fn rows_behind(store: &Store, drill: tuanzhang::earnings::report_rows::Drill) -> (i64, Vec<Platform>) {
    let (mut offset, mut platforms) = (0_u32, Vec::new());
    loop {
        let page = PageRequest { offset, limit: 200 };
        let found = rows_behind::report_lines(store.pool(), drill, today(), page).await.unwrap();
        platforms.extend(found.items.iter().map(|r| r.platform));
        offset += found.items.len() as u32;
        if found.items.is_empty() || i64::from(offset) >= found.total {
            platforms.sort();
            platforms.dedup();
            return (found.total, platforms);
        }
    }
}

#[tokio::test]
async fn each_report_of_a_platform_is_its_rows_and_all_platforms_are_the_three_summed() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let range = (today().add_days(-30), today());
    for by in ReportBy::ALL {
        let mut summed = (0, 0, 0);
        let mut all = (0, 0, 0);
        for platform in SCOPES {
            let found = report(pool, platform, range, by, today()).await.unwrap();
            let total = figures(&found.total);
            assert_eq!(total, raw_total(&store, platform, range).await, "{by:?} total of {platform:?}");
            match platform {
                None => all = total,
                Some(_) => summed = plus(summed, total),
            }
            if matches!(by, ReportBy::Category | ReportBy::Hour | ReportBy::Partner) {
                let raw = raw_lines(&store, platform, by, range).await;
                assert_eq!(keyed_lines(&found), raw, "{by:?} lines of {platform:?}");
            }
            if by == ReportBy::Platform {
                let lines: Vec<_> = found.rows.iter().map(figures).collect();
                assert_eq!(lines.iter().copied().fold((0, 0, 0), plus), total, "the platforms add up to the total");
                assert_eq!(lines.len(), if platform.is_some() { 1 } else { 3 });
            }
            if by == ReportBy::Status {
                let subtotal = found.rows.iter().find(|r| r.kind == RowKind::Subtotal).expect("the valid subtotal");
                assert_eq!(subtotal.estimate_fen, found.total.estimate_fen, "{platform:?}");
            }
            // Every line's rows are of the report's platform.
            for drill in found.rows.iter().filter_map(|r| r.drill) {
                let (_, platforms) = rows_behind(&store, drill).await;
                let expected = drill.platform.map_or(platforms.clone(), |p| vec![p]);
                assert!(platforms.is_empty() || platforms == expected, "{by:?} {drill:?}: {platforms:?}");
            }
        }
        assert_eq!(summed, all, "{by:?}: all platforms are the three summed");
    }
    let pdd = report(pool, Some(Platform::Pdd), range, ReportBy::Platform, today()).await.unwrap();
    let (rows, platforms) = rows_behind(&store, pdd.rows[0].drill.expect("a drill")).await;
    assert_eq!((rows, platforms), (2, vec![Platform::Pdd]), "多多进宝's two completed lines");
    let words: Vec<String> = report(pool, None, range, ReportBy::Platform, today())
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.label.render(Lang::Zh))
        .collect();
    assert_eq!(words, ["京东联盟", "多多进宝", "淘宝联盟"]);
}

#[tokio::test]
async fn every_other_read_of_all_platforms_is_the_three_summed() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let range = (today().add_days(-30), today());
    let month = BizMonth::of(today());
    let mut sums: Vec<Vec<i64>> = Vec::new();
    for platform in SCOPES {
        let mut figures = Vec::new();
        let board = dashboard(pool, platform, today()).await.unwrap();
        figures.extend([board.month_estimate_fen.fen(), board.month_settled_fen.fen(), board.month_orders]);
        let head = headline::headline(pool, platform, NOW).await.unwrap();
        for span in &head.spans {
            figures.extend([span.totals.estimate_fen.fen(), span.totals.settled_fen.fen(), span.before.orders]);
        }
        let calendar = settlements::calendar(pool, platform, today(), 6).await.unwrap();
        figures.push(calendar.coming.iter().map(|c| c.expected_fen.fen() + c.at_risk_fen.fen()).sum());
        figures.push(calendar.past.iter().map(|p| p.landed_fen.fen()).sum());
        let explained = money_explained::month_money(pool, platform, month).await.unwrap();
        figures.extend([explained.settled.fen.fen(), explained.refunded.fen.fen(), explained.invalidated.fen.fen()]);
        let cohort = cohort::cohort(pool, platform, range, today()).await.unwrap();
        figures.push(cohort.rows.iter().map(|r| r.lost_fen.fen() + r.pending_fen.fen()).sum());
        let found = report(pool, platform, range, ReportBy::Day, today()).await.unwrap();
        figures.extend([found.losses.rows, found.losses.refunded_fen.fen(), found.losses.invalidated_fen.fen()]);
        let (lines, amount) = total_lines(&store, platform, range).await;
        figures.extend([lines, amount]);
        sums.push(figures);
    }
    let three: Vec<i64> = (0..sums[0].len()).map(|i| sums[1..].iter().map(|f| f[i]).sum()).collect();
    assert_eq!(sums[0], three, "every figure of all platforms is the three platforms' summed");
    assert!(sums[1..].iter().all(|f| f != &sums[0]), "each platform reads apart");
}

/// The lines behind the range's estimate: how many and their sum.
async fn total_lines(store: &Store, platform: Option<Platform>, range: (BizDay, BizDay)) -> (i64, i64) {
    let page = PageRequest { offset: 0, limit: 200 };
    let found =
        rows_behind::total_lines(store.pool(), platform, TotalLines::Estimated, range, today(), page).await.unwrap();
    (found.total, found.items.iter().map(|r| r.amount_fen.fen()).sum())
}

#[tokio::test]
async fn the_share_card_and_the_charts_read_one_platform_when_asked() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let month = (today().first_of_month(), today());
    let all = share_card::figures(pool, None, month, today()).await.unwrap();
    let pdd = share_card::figures(pool, Some(Platform::Pdd), month, today()).await.unwrap();
    let jd = share_card::figures(pool, Some(Platform::Jd), month, today()).await.unwrap();
    assert_ne!(all, pdd);
    assert_eq!(pdd.estimate.fen(), raw_total(&store, Some(Platform::Pdd), month).await.0);
    assert_eq!(jd.estimate.fen(), raw_total(&store, Some(Platform::Jd), month).await.0);
    let png = share_card::share_card_png(pool, Some(Platform::Pdd), month, false, today(), Lang::Zh).await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    for kind in [ChartKind::Trend, ChartKind::Status, ChartKind::Categories, ChartKind::Cohort, ChartKind::Hours] {
        let every = charts::draw(pool, None, kind, month, today(), Lang::Zh).await.unwrap();
        let one = charts::draw(pool, Some(Platform::Jd), kind, month, today(), Lang::Zh).await.unwrap();
        assert_ne!(every, one, "{kind:?}");
    }
}

#[tokio::test]
async fn the_risk_radar_shows_each_platforms_punished_lines_with_its_own_code() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let range = (today().add_days(-30), today());
    let all = risk::radar(pool, None, range).await.unwrap();
    assert_eq!(all.rows, 2, "JD's abnormal traffic and 多多进宝's punished line");
    let breach = all.codes.iter().find(|c| c.code == ValidCode::RULE_BREACH.0).expect("code 27");
    assert_eq!(breach.rows, 1);
    let codes: Vec<PlatformCode> = all.groups.iter().flat_map(|g| g.platform_codes.clone()).collect();
    assert_eq!(
        codes,
        [
            PlatformCode { platform: Platform::Jd, code: "26".into(), rows: 1 },
            PlatformCode { platform: Platform::Pdd, code: "10".into(), rows: 1 },
        ]
    );
    let pdd = risk::radar(pool, Some(Platform::Pdd), range).await.unwrap();
    assert_eq!(pdd.rows, 1);
    let line = pdd.partners.first().expect("the punished line's partner");
    assert_eq!(line.platform_codes, [PlatformCode { platform: Platform::Pdd, code: "10".into(), rows: 1 }]);
    let taobao = risk::radar(pool, Some(Platform::Taobao), range).await.unwrap();
    assert_eq!((taobao.rows, taobao.partners.len()), (0, 0));
}

/// 淘宝联盟 lines the platform punished (`taobao.tbk.dg.punish.order.get`):
/// one paid, one completed, one its status already calls a rule breach.
fn punished_lines() -> Vec<Line> {
    let taobao = Line { platform: Platform::Taobao, cid1: 0, own_code: "12", fee: 539, ..BASE };
    vec![
        Line { key: "1888011", order: "1888011", days_ago: 2, ..taobao },
        Line { key: "1888012", order: "1888012", days_ago: 4, code: ValidCode::COMPLETED, own_code: "14", ..taobao },
        Line { key: "1888013", order: "1888013", days_ago: 6, code: ValidCode::RULE_BREACH, ..taobao },
    ]
}

/// The word sync keeps on a 淘宝联盟 trade's punishment, first read at `seen`.
async fn punish(store: &Store, key: &str, status: i64, violation: Option<i64>, seen: i64) {
    sqlx::query(
        "INSERT INTO order_row_punishments (row_id, trade_key, punish_status, violation_type, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )
    .bind(RowId::from_platform_key(Platform::Taobao, key).0)
    .bind(key)
    .bind(status)
    .bind(violation)
    .bind(seen)
    .execute(store.pool())
    .await
    .unwrap();
}

/// Frozen: 1888011 for a 店铺淘客, 1888013 for no violation named (its
/// status is a rule breach already), and a trade whose row is not read
/// yet; unfrozen: 1888012.
async fn punish_all(store: &Store, seen: i64) {
    punish(store, "1888011", 0, Some(1), seen).await;
    punish(store, "1888012", 1, Some(2), seen).await;
    punish(store, "1888013", 2, None, seen).await;
    punish(store, "1888099", 0, Some(2), seen).await;
}

#[tokio::test]
async fn the_risk_radar_counts_a_frozen_taobao_line_once_as_a_rule_breach_with_its_punishment() {
    let (_dir, store) = world().await;
    sync(&store, &punished_lines()).await;
    punish_all(&store, NOW).await;
    let pool = store.pool();
    let range = (today().add_days(-30), today());
    let all = risk::radar(pool, None, range).await.unwrap();
    assert_eq!(all.rows, 4, "JD's, 多多进宝's and the two frozen 淘宝联盟 lines, each once");
    let breach = all.codes.iter().find(|c| c.code == ValidCode::RULE_BREACH.0).expect("code 27");
    assert_eq!(breach.rows, 3, "多多进宝's punished line and the two frozen ones");
    let codes: Vec<PlatformCode> = all.groups.iter().flat_map(|g| g.platform_codes.clone()).collect();
    assert_eq!(
        codes,
        [
            PlatformCode { platform: Platform::Jd, code: "26".into(), rows: 1 },
            PlatformCode { platform: Platform::Pdd, code: "10".into(), rows: 1 },
            PlatformCode { platform: Platform::Taobao, code: "punish".into(), rows: 1 },
            PlatformCode { platform: Platform::Taobao, code: "punish:1".into(), rows: 1 },
        ]
    );
    let taobao = risk::radar(pool, Some(Platform::Taobao), range).await.unwrap();
    assert_eq!(taobao.rows, 2);
    assert_eq!(taobao.codes.iter().map(|c| c.rows).collect::<Vec<_>>(), [0, 0, 2, 0]);
    let line = taobao.groups.first().expect("the frozen lines, of no group");
    assert_eq!(line.by_code, [0, 0, 2, 0]);
    // What they would have earned: ¥59.90 × 10% × 90% each.
    assert_eq!(line.lost_fen, Money::from_fen(2 * 539));
    assert!(line.platform_codes.iter().all(|c| c.platform == Platform::Taobao), "{:?}", line.platform_codes);
    for other in [Platform::Jd, Platform::Pdd] {
        let radar = risk::radar(pool, Some(other), range).await.unwrap();
        assert_eq!(radar.rows, 1, "{other:?}");
        let codes = radar.groups.iter().flat_map(|g| g.platform_codes.iter());
        assert!(codes.into_iter().all(|c| c.platform == other), "{other:?}");
    }
}

/// A partner's frozen line that is still valid counts once, among her risk
/// lines, not among her valid orders too; an order with a free valid line
/// stays a valid order.
#[tokio::test]
async fn a_partners_share_counts_a_frozen_valid_order_once_as_risk() {
    let (_dir, store) = world().await;
    let input = PartnerInput {
        name: "李娜".into(),
        role: PartnerRole::Member,
        wechat: String::new(),
        phone: String::new(),
        sub_union_id: String::new(),
        pdd_uid: String::new(),
        taobao_id: "2718281828".into(),
        joined_on: String::new(),
        tags: vec![],
        notes: String::new(),
    };
    let partner = team::create(store.pool(), &input, None, today(), NOW).await.unwrap();
    let hers = Line {
        platform: Platform::Taobao,
        cid1: 0,
        own_code: "12",
        fee: 539,
        person: "2718281828",
        days_ago: 3,
        ..BASE
    };
    sync(
        &store,
        &[
            Line { key: "3000001", order: "3000001", ..hers },
            Line { key: "3000002", order: "3000002", ..hers },
            Line { key: "3000003", order: "3000003", ..hers },
            Line { key: "3000004", order: "3000003", ..hers },
            Line { key: "3000005", order: "3000005", ..hers },
            Line { key: "3000006", order: "3000005", ..hers },
        ],
    )
    .await;
    for (key, violation) in [("3000001", 2), ("3000003", 2), ("3000005", 1), ("3000006", 2)] {
        punish(&store, key, 0, Some(violation), NOW).await;
    }
    let range = (today().add_days(-30), today());
    // 4 risk lines among them and the 2 orders with a free valid line
    // (3000002, 3000003); 3000005 is frozen whole, under two violations.
    let two_thirds = |share: Option<f64>| share.is_some_and(|s| (s - 400.0 / 6.0).abs() < 1e-9);
    let radar = risk::radar(store.pool(), Some(Platform::Taobao), range).await.unwrap();
    let line = radar.partners.iter().find(|line| line.id == partner.0).expect("her line");
    assert_eq!(line.rows, 4, "four frozen lines");
    assert!(two_thirds(line.share_pct), "{:?}", line.share_pct);
    let all = risk::radar(store.pool(), None, range).await.unwrap();
    let line = all.partners.iter().find(|line| line.id == partner.0).expect("her line");
    assert!(two_thirds(line.share_pct), "the rollup's orders too: {:?}", line.share_pct);
}

#[tokio::test]
async fn a_line_frozen_since_she_last_looked_is_flagged_once() {
    let (_dir, store) = world().await;
    sync(&store, &punished_lines()).await;
    let pool = store.pool();
    let first = risk::flags(pool, NOW).await.unwrap();
    assert_eq!(first.new_rows, 3, "JD's, 多多进宝's and 1888013's risk codes, never looked at");
    risk::mark_seen(pool, first.through).await.unwrap();
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0);
    // The next sync reads the punishments and a change to 1888013.
    let later = NOW + 60;
    punish_all(&store, later).await;
    changed_on_platform(&store, "1888013", later).await;
    let flags = risk::flags(pool, later + 60).await.unwrap();
    assert_eq!(flags.new_rows, 2, "1888011 frozen, 1888013 once");
    risk::mark_seen(pool, flags.through).await.unwrap();
    assert_eq!(risk::flags(pool, later + 60).await.unwrap().new_rows, 0, "seen, punishments included");
}

/// What is new is what sync wrote after she looked, whatever date the
/// platform gave it: a change dated before she looked (an account whose
/// sync lags the others', a page read again after an outage), and one
/// dated far ahead (a platform clock gone wild), new once each.
#[tokio::test]
async fn a_change_written_after_she_looked_is_new_whatever_its_date() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let shown = risk::flags(pool, NOW).await.unwrap();
    risk::mark_seen(pool, shown.through).await.unwrap();
    let taobao = Line { platform: Platform::Taobao, cid1: 0, own_code: "12", fee: 539, ..BASE };
    // Turned a rule breach five days ago, read only now.
    let lagging = Line { key: "1888021", order: "1888021", days_ago: 5, code: ValidCode::RULE_BREACH, ..taobao };
    sync(&store, std::slice::from_ref(&lagging)).await;
    let flags = risk::flags(pool, NOW).await.unwrap();
    assert_eq!(flags.new_rows, 1, "dated days before she looked, written after");
    risk::mark_seen(pool, flags.through).await.unwrap();
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0);
    const IN_2099: i64 = 4_070_908_800;
    sync(&store, &[Line { modified: IN_2099 - NOW, ..lagging }]).await;
    let flags = risk::flags(pool, NOW).await.unwrap();
    assert_eq!(flags.new_rows, 1, "changed again, dated 2099");
    risk::mark_seen(pool, flags.through).await.unwrap();
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0, "seen, though dated ahead of every clock");
}

/// The world with the punished lines synced, every risk line marked seen.
async fn world_seen_with_punished_lines() -> (tempfile::TempDir, Store) {
    let (dir, store) = world().await;
    sync(&store, &punished_lines()).await;
    let through = risk::flags(store.pool(), NOW).await.unwrap().through;
    risk::mark_seen(store.pool(), through).await.unwrap();
    (dir, store)
}

/// Lines read again as they were (the sync's overlap, the platform's 90
/// days read again after a cursor was set back) are not new; a line that
/// stopped being a risk one is not counted.
#[tokio::test]
async fn lines_read_again_unchanged_are_not_new() {
    let (_dir, store) = world_seen_with_punished_lines().await;
    let pool = store.pool();
    let first = first_window();
    sync(&store, &first).await;
    sync(&store, &second_window(&first)).await;
    sync(&store, &punished_lines()).await;
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0);
    // 1888013 turns a risk line and back before she looks: nothing to see.
    let breach = punished_lines().into_iter().find(|line| line.key == "1888013").expect("1888013");
    sync(&store, &[Line { modified: 60, ..breach.clone() }]).await;
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 1);
    sync(&store, &[Line { modified: 120, code: ValidCode::PAID, ..breach }]).await;
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0, "a valid line again");
}

/// She marks seen what she was shown: a change sync writes while the flags
/// are on her screen is still new after she clicks.
#[tokio::test]
async fn a_change_written_while_she_reads_the_flags_stays_new() {
    let (_dir, store) = world().await;
    let pool = store.pool();
    let shown = risk::flags(pool, NOW).await.unwrap();
    assert_eq!(shown.new_rows, 2, "JD's and 多多进宝's risk lines");
    sync(&store, &punished_lines()).await;
    risk::mark_seen(pool, shown.through).await.unwrap();
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 1, "1888013, written after she was shown the flags");
    // A number from elsewhere, past the log's, cannot hide what comes next.
    risk::mark_seen(pool, i64::MAX).await.unwrap();
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 0);
    changed_on_platform(&store, "1888013", NOW + 60).await;
    assert_eq!(risk::flags(pool, NOW).await.unwrap().new_rows, 1);
}

/// The sync writer's own writes are logged as the flag needs them: a
/// punishment read frozen, read again as it was, unfrozen and frozen again
/// (the upsert sync keeps them with); a row upserted exactly as stored; and
/// one entry per row however often it changes.
#[tokio::test]
async fn the_sync_writers_upserts_log_each_risk_change_once_per_row() {
    let (_dir, store) = world_seen_with_punished_lines().await;
    let pool = store.pool();
    let logged =
        || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM risk_changes").fetch_one(pool).await.unwrap() };
    let new_rows = || async { risk::flags(pool, NOW).await.unwrap().new_rows };
    let frozen = Punishment {
        row: RowId::from_platform_key(Platform::Taobao, "1888011"),
        trade_key: "1888011".into(),
        status: 0,
        violation: Some(1),
    };
    commit(&store, &[], vec![frozen.clone()]).await;
    assert_eq!((new_rows().await, logged().await), (1, 1), "frozen");
    commit(&store, &[], vec![frozen.clone()]).await;
    assert_eq!(logged().await, 1, "read again as it was");
    commit(&store, &[], vec![Punishment { status: UNFROZEN, ..frozen.clone() }]).await;
    assert_eq!(new_rows().await, 0, "unfrozen");
    commit(&store, &[], vec![frozen]).await;
    assert_eq!((new_rows().await, logged().await), (1, 1), "frozen again, one entry for the row");

    // The writer's upsert (`ON CONFLICT … DO UPDATE` of every column) of a
    // risk row as it is stored, then changed twice.
    const UPSERT: &str = "INSERT INTO order_rows SELECT * FROM order_rows WHERE id = ?1
         ON CONFLICT (id) DO UPDATE SET valid_code = excluded.valid_code, modify_time = excluded.modify_time + ?2";
    let breach = RowId::from_platform_key(Platform::Taobao, "1888013").0;
    sqlx::query(UPSERT).bind(breach).bind(0).execute(pool).await.unwrap();
    assert_eq!(logged().await, 1, "written again as it was");
    for _ in 0..2 {
        sqlx::query(UPSERT).bind(breach).bind(60).execute(pool).await.unwrap();
    }
    assert_eq!((new_rows().await, logged().await), (2, 2), "changed twice, one entry");
}

/// The platform changed the 淘宝联盟 line `key` at `at`, and sync read it.
async fn changed_on_platform(store: &Store, key: &str, at: i64) {
    sqlx::query("UPDATE order_rows SET modify_time = ?1 WHERE id = ?2")
        .bind(at)
        .bind(RowId::from_platform_key(Platform::Taobao, key).0)
        .execute(store.pool())
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_reports_one_platform_and_by_platform() {
    let (dir, store) = world().await;
    let (from, to) = (today().add_days(-30), today());
    let (from_text, to_text) = (from.to_string(), to.to_string());
    let args = |extra: &[&'static str]| {
        let mut args = vec!["report", "--from", from_text.as_str(), "--to", to_text.as_str(), "--json"];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<String>>()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (out, err, ok) = common::cli(dir.path(), &refs);
        assert!(ok, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).expect("JSON")
    };
    let today = BizDay::today();
    for (word, platform) in [("jd", Platform::Jd), ("pdd", Platform::Pdd), ("taobao", Platform::Taobao)] {
        let json = run(args(&["--platform", word]));
        let engine = report(store.pool(), Some(platform), (from, to), ReportBy::Day, today).await.unwrap();
        assert_eq!(json["total"]["estimate_fen"], engine.total.estimate_fen.fen(), "{word}");
    }
    let json = run(args(&["--by", "platform"]));
    let labels: Vec<&str> = json["rows"].as_array().expect("rows").iter().filter_map(|r| r["label"].as_str()).collect();
    assert_eq!(labels, ["京东联盟", "多多进宝", "淘宝联盟"]);
    let (_, err, ok) =
        common::cli(dir.path(), &["report", "--from", "2026-11-01", "--to", "2026-11-02", "--platform", "vip"]);
    assert!(!ok && err.contains("vip"), "{err}");
}
