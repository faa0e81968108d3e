//! 淘宝联盟's 维权 after settlement in the sync writer: money already paid is
//! taken back on a later pay day, once, whatever order the 维权 and its row
//! arrive in, and a later read of the row itself does not lose it.

mod common;

use common::NOW;
use tuanzhang::earnings::headline::{self, SpanKind};
use tuanzhang::earnings::money_explained::{self, MoneyKind};
use tuanzhang::earnings::rows_behind::{self, SettlementLines, TotalLines};
use tuanzhang::earnings::settlements;
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::{
    AccountId, BizDay, BizMonth, Clawback, Money, OrderRow, PartnerRole, PayoutActor, Platform, RowId, SyncRunId,
};
use tuanzhang::payouts::{self, PlanInput};
use tuanzhang::store::Store;
use tuanzhang::sync::ingest::{commit_window, CommitOutcome, WindowCommit};

const TRADE: &str = "3000000000000000001";

/// A settled 淘宝联盟 row: ¥11.97 income less ¥1.20 service fee, earned on
/// 2026-10-18 so paid on 2026-11-20, last modified `modified`.
fn row(trade: &str, modified: &str) -> OrderRow {
    earned_row(trade, modified, "2026-10-18 09:00:00")
}

fn earned_row(trade: &str, modified: &str, earned: &str) -> OrderRow {
    let raw = format!(
        r#"{{"trade_id":"{trade}","trade_parent_id":"{trade}","item_title":"坚果礼盒","item_num":1,"item_price":"119.80",
        "alipay_total_price":"119.80","pay_price":"119.80","total_commission_rate":"10.00","income_rate":"10.00",
        "pub_share_pre_fee":"11.97","pub_share_fee":"11.97","alimama_share_fee":"1.20","tk_status":3,
        "tk_create_time":"2026-10-10 20:15:00","tk_earning_time":"{earned}","modified_time":"{modified}",
        "adzone_id":109000000001,"pub_id":1234567,"relation_id":2700001}}"#
    );
    let value: Box<serde_json::value::RawValue> = serde_json::from_str(&raw).expect("json");
    tuanzhang::platform::taobao::read_row(&value).expect("a readable row")
}

fn clawback(trade: &str, refund: &str, status: i64, fee_fen: i64, modified: i64) -> Clawback {
    Clawback {
        row: RowId::from_platform_key(Platform::Taobao, trade),
        trade_key: trade.to_owned(),
        refund_key: refund.to_owned(),
        status,
        fee: Money::from_fen(fee_fen),
        settle_day: BizDay::from_int(20261220),
        modify_time: modified,
    }
}

async fn commit(store: &Store, rows: Vec<OrderRow>, clawbacks: Vec<Clawback>) -> CommitOutcome {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (1, 0, 'running') RETURNING id",
    )
    .fetch_one(store.pool())
    .await
    .expect("a run");
    let window = WindowCommit {
        account: AccountId(1),
        run: SyncRunId(run),
        rows,
        rejected: Vec::new(),
        cursor: NOW,
        pages: 1,
        recorded_at: NOW,
        subsidies: Vec::new(),
        clawbacks,
        punishments: Vec::new(),
    };
    commit_window(store.bulk(), window).await.expect("the window commits")
}

/// The row's settled amount and its settlement days.
async fn settled(store: &Store, trade: &str) -> (i64, Vec<(i64, i64)>) {
    let id = RowId::from_platform_key(Platform::Taobao, trade);
    let actual: i64 = sqlx::query_scalar("SELECT actual_fee_fen FROM order_rows WHERE id = ?1")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .expect("the row");
    let days: Vec<(i64, i64)> =
        sqlx::query_as("SELECT settle_day, fee_fen FROM order_row_settlements WHERE row_id = ?1 ORDER BY settle_day")
            .bind(id)
            .fetch_all(store.pool())
            .await
            .expect("its days");
    (actual, days)
}

async fn rollup_actual(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(SUM(actual_fee_fen), 0) FROM daily_rollup WHERE platform = 'taobao'")
        .fetch_one(store.pool())
        .await
        .expect("rollup")
}

async fn history(store: &Store) -> i64 {
    common::count(store, "SELECT COUNT(*) FROM order_row_history").await
}

#[tokio::test]
async fn a_refund_after_payout_is_taken_on_a_later_pay_day_once() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], Vec::new()).await;
    assert_eq!(settled(&store, TRADE).await, (1_077, Vec::new()), "paid whole on its own pay day");

    // The 维权 opens: nothing is taken yet.
    let opened = commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 4, 400, NOW - 300)]).await;
    assert_eq!(opened.written, 0);
    assert_eq!(settled(&store, TRADE).await.0, 1_077);

    // 等待扣款: the row is written again, less what is taken, on December's pay day.
    let taken = commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 12, 400, NOW - 200)]).await;
    assert_eq!(taken.written, 1);
    assert_eq!(settled(&store, TRADE).await, (677, vec![(20261120, 1_077), (20261220, -400)]));
    assert_eq!(rollup_actual(&store).await, 677, "the rollups moved with the row");
    assert_eq!(history(&store).await, 1, "the row's earlier state is kept");
    assert_calendar(&store, &[("2026-11-20", 1_077, 1), ("2026-12-20", -400, 1)]).await;

    // 扣款成功, an older copy of the 维权, the row read again as the order
    // list shows it: nothing changes.
    assert_eq!(commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 13, 400, NOW - 100)]).await.written, 0);
    assert_eq!(commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 4, 0, NOW - 900)]).await.written, 0);
    let reread = commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], Vec::new()).await;
    assert_eq!(reread.written, 0, "{reread:?}");
    // A newer version of the row itself keeps its 维权.
    assert_eq!(commit(&store, vec![row(TRADE, "2026-11-02 10:00:00")], Vec::new()).await.written, 1);
    assert_eq!(settled(&store, TRADE).await, (677, vec![(20261120, 1_077), (20261220, -400)]));
    assert_eq!(rollup_actual(&store).await, 677);
    let kept: i64 = common::count(&store, "SELECT refund_status FROM order_row_clawbacks").await;
    assert_eq!(kept, 13, "the newest state of the 维权 is kept");

    // A second 维权 for more than is left takes only what is left.
    commit(&store, Vec::new(), vec![clawback(TRADE, "R2", 13, 5_000, NOW)]).await;
    assert_eq!(settled(&store, TRADE).await, (0, vec![(20261120, 1_077), (20261220, -1_077)]));
    assert_eq!(rollup_actual(&store).await, 0);
    assert_eq!(history(&store).await, 3);
    assert_calendar(&store, &[("2026-11-20", 1_077, 1), ("2026-12-20", -1_077, 1)]).await;
}

/// The settlement calendar's coming days of 淘宝联盟 (day, amount, lines):
/// the income on the row's own pay day, what a 维权 takes on its later
/// one. Each day's lines add up to its figure, and all platforms' agree.
async fn assert_calendar(store: &Store, expected: &[(&str, i64, i64)]) {
    let today = BizDay::of(NOW);
    for platform in [Some(Platform::Taobao), None] {
        let calendar = settlements::calendar(store.pool(), platform, today, 3).await.expect("the calendar");
        let coming: Vec<(String, i64, i64)> =
            calendar.coming.iter().map(|c| (c.day.to_string(), c.expected_fen.fen(), c.expected_rows)).collect();
        let expected: Vec<(String, i64, i64)> =
            expected.iter().map(|(day, fen, rows)| (day.to_string(), *fen, *rows)).collect();
        assert_eq!(coming, expected, "{platform:?}");
        for day in &calendar.coming {
            let page = PageRequest { offset: 0, limit: 50 };
            let which = SettlementLines::Expected { day: day.day };
            let lines = rows_behind::settlement_lines(store.pool(), platform, which, today, page).await.expect("lines");
            assert_eq!(lines.total, day.expected_rows, "{}", day.day);
            assert_eq!(
                lines.items.iter().map(|l| l.amount_fen.fen()).sum::<i64>(),
                day.expected_fen.fen(),
                "{}",
                day.day
            );
        }
    }
}

/// 总览's settled figures read the pay days the calendar shows: the whole
/// income in the month it was paid, what a 维权 took back in the month it
/// left, on the headline and the dashboard alike.
#[tokio::test]
async fn the_headline_counts_money_taken_back_in_the_month_it_left() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], Vec::new()).await;
    commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 12, 400, NOW - 200)]).await;
    // 2026-12-25 12:00 in Beijing: both pay days are behind.
    let christmas = BizDay::from_int(20261225).expect("a day").start() + 12 * 3600;
    for platform in [Some(Platform::Taobao), None] {
        let headline = headline::headline(store.pool(), platform, christmas).await.expect("the headline");
        let settled = |kind: SpanKind| {
            headline.spans.iter().find(|s| s.kind == kind).map(|s| s.totals.settled_fen.fen()).expect("the span")
        };
        assert_eq!(settled(SpanKind::LastMonth), 1_077, "November: the whole income landed ({platform:?})");
        assert_eq!(settled(SpanKind::ThisMonth), -400, "December: the 维权 took ¥4.00 back ({platform:?})");
        let today = BizDay::of(christmas);
        let board = tuanzhang::earnings::dashboard(store.pool(), platform, today).await.expect("board");
        assert_eq!(board.month_settled_fen.fen(), -400, "{platform:?}");
        // 钱去哪了 and the lines behind each figure say the same, line by line.
        let page = PageRequest { offset: 0, limit: 50 };
        for (month, fen) in [("2026-11", 1_077), ("2026-12", -400)] {
            let month = BizMonth::parse(month).expect("a month");
            let money = money_explained::month_money(store.pool(), platform, month).await.expect("the month");
            assert_eq!((money.settled.fen.fen(), money.settled.rows), (fen, 1), "{month} {platform:?}");
            let lines = money_explained::month_rows(store.pool(), platform, month, MoneyKind::Settled, today, page)
                .await
                .expect("its lines");
            let amounts: Vec<i64> = lines.items.iter().map(|l| l.amount_fen.fen()).collect();
            assert_eq!((lines.total, amounts), (1, vec![fen]), "{month} {platform:?}");
            let span = (month.first_day(), month.last_day());
            let landed = rows_behind::total_lines(store.pool(), platform, TotalLines::Landed, span, today, page)
                .await
                .expect("the landed lines");
            assert_eq!(landed.items.iter().map(|l| l.amount_fen.fen()).sum::<i64>(), fen, "{month} {platform:?}");
        }
    }
}

#[tokio::test]
async fn a_row_whose_pay_day_moves_keeps_one_set_of_days_that_adds_up() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], vec![clawback(TRADE, "R1", 12, 400, NOW)]).await;
    assert_eq!(settled(&store, TRADE).await, (677, vec![(20261120, 1_077), (20261220, -400)]));
    // The platform moves its earning into November: paid on 2026-12-20, so
    // the take goes to the pay day after, and November's day is gone.
    let moved = earned_row(TRADE, "2026-11-03 09:00:00", "2026-11-02 09:00:00");
    assert_eq!(commit(&store, vec![moved], Vec::new()).await.written, 1);
    assert_eq!(settled(&store, TRADE).await, (677, vec![(20261220, 1_077), (20270120, -400)]));
    // A 维权 of another trade whose stand-in id met this row's takes nothing from it.
    let stranger = Clawback { trade_key: "3000000000000000999".into(), ..clawback(TRADE, "R9", 13, 300, NOW) };
    assert_eq!(commit(&store, Vec::new(), vec![stranger]).await.written, 0);
    assert_eq!(settled(&store, TRADE).await.0, 677);
}

#[tokio::test]
async fn a_refund_read_before_its_row_is_taken_when_the_row_comes() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    let early = Clawback { settle_day: BizDay::from_int(20261020), ..clawback(TRADE, "R1", 13, 300, NOW) };
    commit(&store, Vec::new(), vec![early]).await;
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM order_rows").await, 0);
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], Vec::new()).await;
    // Money paid on 2026-11-20 cannot be taken back from October's payout:
    // it is taken from the next one.
    assert_eq!(settled(&store, TRADE).await, (777, vec![(20261120, 1_077), (20261220, -300)]));
    assert_eq!(rollup_actual(&store).await, 777);
    assert_eq!(history(&store).await, 0, "written once, already less the 维权");
}

#[tokio::test]
async fn what_the_seller_pays_or_a_lost_dispute_takes_nothing_from_her() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    let other = "3000000000000000002";
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00"), row(other, "2026-10-18 09:00:00")], Vec::new()).await;
    let seller_pays = [clawback(TRADE, "R1", 15, 400, NOW), clawback(other, "R2", 3, 400, NOW)];
    assert_eq!(commit(&store, Vec::new(), seller_pays.to_vec()).await.written, 0);
    assert_eq!(settled(&store, TRADE).await, (1_077, Vec::new()));
    assert_eq!(settled(&store, other).await, (1_077, Vec::new()));
    assert_eq!(rollup_actual(&store).await, 2 * 1_077);
}

/// 分润: her partner was paid half of the row in November; the 维权 takes
/// back half of what it takes, in December, as a reversal of that line.
#[tokio::test]
async fn her_partner_gives_back_her_share_of_what_a_refund_takes() {
    let (_dir, store) = common::empty_store().await;
    common::seed_account(&store).await;
    let input = tuanzhang::team::PartnerInput {
        name: "王芳".into(),
        role: PartnerRole::Member,
        wechat: String::new(),
        phone: String::new(),
        sub_union_id: String::new(),
        pdd_uid: String::new(),
        taobao_id: "2700001".into(),
        joined_on: String::new(),
        tags: vec![],
        notes: String::new(),
    };
    let partner = tuanzhang::team::create(store.pool(), &input, None, common::today(), NOW).await.expect("partner");
    commit(&store, vec![row(TRADE, "2026-10-18 09:00:00")], Vec::new()).await;
    let month = |text: &str| BizMonth::parse(text).expect("a month");
    let (december, january) = (BizDay::from_int(20261222).expect("day"), BizDay::from_int(20270122).expect("day"));
    let plan = PlanInput {
        own_rate: "50".into(),
        minimum: "0".into(),
        effective_from: Some(month("2026-10").first_day()),
        ..PlanInput::default()
    };
    payouts::set_plan(store.pool(), &plan, PayoutActor::Cli, december, NOW).await.expect("plan");
    for m in ["2026-10", "2026-11"] {
        payouts::close(store.pool(), month(m), december, NOW, PayoutActor::Cli).await.expect("closed");
    }

    commit(&store, Vec::new(), vec![clawback(TRADE, "R1", 13, 400, NOW)]).await;
    payouts::close(store.pool(), month("2026-12"), january, NOW, PayoutActor::Cli).await.expect("december");
    let lines: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT month, kind, amount_fen FROM payout_lines WHERE partner_id = ?1 ORDER BY id")
            .bind(partner.0)
            .fetch_all(store.pool())
            .await
            .expect("her lines");
    assert_eq!(
        lines,
        vec![(202611, "commission".to_owned(), 539), (202612, "reversal".to_owned(), -200)],
        "half of ¥10.77, then half of the ¥4.00 taken back"
    );
}
