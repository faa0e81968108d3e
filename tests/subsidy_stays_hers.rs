//! 多多进宝's subsidy fields (`subsidy_duo_amount_level`, …) are the
//! platform's to her alone: its terms forbid showing them to a downline.
//! They are kept, and nothing made for a partner carries them: her
//! statement (the drawing every file of it is made from, and its data), the
//! share card, the team's export. Planted amounts are looked for in every
//! way the files write money, beside a control amount that must show.

mod common;

use common::{empty_store, seed_account, Partner};
use tuanzhang::charts::share_card;
use tuanzhang::files::export::export;
use tuanzhang::files::import::ImportKind;
use tuanzhang::model::{BizDay, BizMonth, Lang, Money, OrderId, Platform, RowId};
use tuanzhang::payouts::statement_files::statement_svg;
use tuanzhang::payouts::{self, PlanInput};

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

/// Each amount as the outputs could write it: fen, yuan, yuan with a
/// thousands comma.
fn spellings(fen: i64) -> [String; 3] {
    let yuan = format!("{}.{:02}", fen / 100, fen % 100);
    [fen.to_string(), yuan, Money::from_fen(fen).to_string()]
}

const PLANTED: [i64; 3] = [8_765_431, 6_543_219, 5_432_107];
const COMMISSION: i64 = 123_456;

#[tokio::test]
async fn subsidy_amounts_reach_no_partner_facing_output() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let partner = Partner::named("甲伙伴").insert(&store).await;
    let row = RowId::from_platform_key(Platform::Pdd, "261020-000000000000001");
    let order = OrderId::from_platform_key(Platform::Pdd, "261020-000000000000001");
    let ordered = day("2026-10-05");
    sqlx::query(
        "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id, sku_name,
             sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate, estimate_cos_price_fen,
             estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id, plus, valid_code, partner_id,
             platform, platform_key, order_key, platform_status)
         VALUES (?1, 1, ?2, 0, ?3, ?4, ?3, 0, '拼单纸巾', 1, 0, 0, 5000, 0, 2000, 10000, 5000, ?5, 5000, ?5, ?6, 0, 0, 17,
                 ?7, 'pdd', '261020-000000000000001', '261020-000000000000001', '5')",
    )
    .bind(row)
    .bind(order)
    .bind(ordered.start() + 3600)
    .bind(ordered)
    .bind(COMMISSION)
    .bind(day("2026-10-20"))
    .bind(partner)
    .execute(store.pool())
    .await
    .expect("row");
    sqlx::query(
        "INSERT INTO order_row_subsidies (row_id, subsidy_type, subsidy_amount_fen, subsidy_duo_amount_level_fen,
             subsidy_duo_amount_ten_million_fen)
         VALUES (?1, 1, ?2, ?3, ?4)",
    )
    .bind(row)
    .bind(PLANTED[0])
    .bind(PLANTED[1])
    .bind(PLANTED[2])
    .execute(store.pool())
    .await
    .expect("subsidy");

    let plan = PlanInput { own_rate: "50".into(), effective_from: Some(day("2026-10-01")), ..PlanInput::default() };
    let today = day("2026-12-05");
    payouts::set_plan(store.pool(), &plan, tuanzhang::model::PayoutActor::Cli, day("2026-10-01"), 0)
        .await
        .expect("plan");
    let month = BizMonth::parse("2026-10").expect("a month");
    let statement =
        payouts::partner_statement(store.pool(), tuanzhang::model::PartnerId(partner), month, today, Lang::Zh)
            .await
            .expect("her statement");
    let card =
        share_card::figures(store.pool(), None, (day("2026-10-01"), day("2026-11-30")), today).await.expect("card");
    let team = export(store.pool(), ImportKind::Partners, "team.csv", false).await.expect("team export");

    let outputs = [
        ("statement data", format!("{statement:?}")),
        ("statement drawing", statement_svg(&statement, Lang::Zh)),
        ("share card", share_card::card_svg(&card, false, Lang::Zh)),
        ("share card data", format!("{card:?}")),
        ("team export", String::from_utf8_lossy(&team.bytes).into_owned()),
    ];
    // The control: her share of the commission shows on her statement, so
    // the search finds money where it is.
    let her_share = spellings(COMMISSION / 2);
    assert!(her_share.iter().any(|s| outputs[1].1.contains(s.as_str())), "the statement shows her share");
    // The order as 多多进宝 numbers it (its last four), never the store's stand-in id.
    assert!(outputs[1].1.contains("****0001"), "the statement names the platform's order");
    assert!(!outputs[0].1.contains(&order.0.abs().to_string()[..6]), "no stand-in id on her statement");
    for (what, text) in &outputs {
        for fen in PLANTED {
            for spelled in spellings(fen) {
                assert!(!text.contains(&spelled), "{what} carries the subsidy {spelled}");
            }
        }
    }
    // Kept all the same: the fields are hers.
    let kept: i64 =
        sqlx::query_scalar("SELECT subsidy_duo_amount_level_fen FROM order_row_subsidies WHERE row_id = ?1")
            .bind(row)
            .fetch_one(store.pool())
            .await
            .expect("kept");
    assert_eq!(kept, PLANTED[1]);
}
