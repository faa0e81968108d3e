//! A group's 推广位 on 多多进宝 (`p_id`) and 淘宝联盟 (`adzone_id`); JD's
//! stays its `position_id`.
//!
//! Unlike JD's, a place on these two platforms gets no placeholder group
//! when sync meets it unclaimed (see `team::platform_ids` for why): its rows
//! count under no group until she gives the place to one, and then they
//! move there, with `daily_rollup`, in the same transaction.

use crate::model::{fields, valid_code_sql, FormError, GroupId, Message, Platform};
use crate::store::platform_ids::{platform_ids, PlatformIds};
use sqlx::SqliteConnection;

/// The platforms whose places are kept here.
pub const PLATFORMS: [Platform; 2] = [Platform::Pdd, Platform::Taobao];

/// As long as 多多进宝's `p_id` may be (`platform::pdd` reads no longer).
pub const MAX_PLACE_BYTES: usize = 64;

/// The form field of the group's place on `platform`.
pub fn field(platform: Platform) -> &'static str {
    match platform {
        Platform::Jd => "position_id",
        Platform::Pdd => "pdd_pid",
        Platform::Taobao => "taobao_adzone_id",
    }
}

/// The place as she typed it: blank is none. A 多多进宝 PID is letters,
/// digits, `_` or `-` (`1000001_2000014`); a 淘宝联盟 `adzone_id` (the third
/// number of `mm_a_b_c`) and a JD position are positive decimal numbers,
/// kept without leading zeros as the platform sends them.
pub fn check(platform: Platform, text: &str) -> Result<Option<String>, Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match platform {
        Platform::Pdd => {
            let ok = text.len() <= MAX_PLACE_BYTES
                && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if ok {
                Ok(Some(text.to_owned()))
            } else {
                Err(Message::new("field.pddPid").with("max", MAX_PLACE_BYTES).with("value", text))
            }
        }
        Platform::Taobao => {
            fields::decimal_id(text).map(Some).ok_or_else(|| Message::new("field.taobaoAdzoneId").with("value", text))
        }
        Platform::Jd => {
            fields::decimal_id(text).map(Some).ok_or_else(|| Message::new("field.positionId").with("value", text))
        }
    }
}

/// Where groups keep their places: another group's place is refused,
/// naming that group.
const PLACES: PlatformIds = platform_ids!(
    table: "group_platform_ids", id: "place", owner: "group_id", owners: "groups",
    field: field,
    taken: |holder| Message::new("groups.position.bound").with("holder", holder),
    keeps_attributed: None,
);

/// Gives the group `wanted` as its place on `platform` (or takes its place
/// away), inside the caller's write transaction. Refused at the field when
/// another group holds it, naming that group. Rows already counted under
/// the group through an earlier place stay with it, as when a JD position
/// changes; rows stored under no group for the new place move to it.
pub(crate) async fn claim(
    db: &mut SqliteConnection,
    group: GroupId,
    platform: Platform,
    wanted: Option<&str>,
) -> Result<(), FormError> {
    if let Some(given) = PLACES.give(db, group.0, platform, wanted).await? {
        attribute_stored(db, group, platform, given).await?;
    }
    Ok(())
}

/// Moves the rows stored for `place` under no group to `group`, and their
/// counts and money in `daily_rollup` from group 0 to it, bucket by bucket
/// (an order counts in its day's `pay_month = 0` bucket, as sync counts it).
async fn attribute_stored(
    db: &mut SqliteConnection,
    group: GroupId,
    platform: Platform,
    place: &str,
) -> Result<(), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Bucket {
        day: i64,
        pay_month: i64,
        rows: i64,
        valid_rows: i64,
        orders: i64,
        estimate_fee: i64,
        actual_fee: i64,
    }
    let buckets: Vec<Bucket> = sqlx::query_as(concat!(
        "SELECT order_day AS day, COALESCE(pay_month, 0) AS pay_month, COUNT(*) AS rows,
                SUM(",
        valid_code_sql!(),
        ") AS valid_rows, 0 AS orders,
                SUM(CASE WHEN ",
        valid_code_sql!(),
        " THEN estimate_fee_fen ELSE 0 END) AS estimate_fee,
                SUM(CASE WHEN ",
        valid_code_sql!(),
        " THEN actual_fee_fen ELSE 0 END) AS actual_fee
         FROM order_rows
         WHERE group_id IS NULL AND platform_place IS NOT NULL AND platform = ?1 AND platform_place = ?2
         GROUP BY order_day, COALESCE(pay_month, 0)
         UNION ALL
         SELECT order_day, 0, 0, 0, COUNT(DISTINCT order_id), 0, 0
         FROM order_rows
         WHERE group_id IS NULL AND platform_place IS NOT NULL AND platform = ?1 AND platform_place = ?2 AND ",
        valid_code_sql!(),
        " GROUP BY order_day"
    ))
    .bind(platform)
    .bind(place)
    .fetch_all(&mut *db)
    .await?;
    sqlx::query(
        "UPDATE order_rows SET group_id = ?3
         WHERE group_id IS NULL AND platform_place IS NOT NULL AND platform = ?1 AND platform_place = ?2",
    )
    .bind(platform)
    .bind(place)
    .bind(group)
    .execute(&mut *db)
    .await?;
    for b in &buckets {
        for (to, sign) in [(0, -1), (group.0, 1)] {
            sqlx::query(
                "INSERT INTO daily_rollup (platform, day, group_id, pay_month, rows, valid_rows, orders,
                                           estimate_fee_fen, actual_fee_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5 * ?10, ?6 * ?10, ?7 * ?10, ?8 * ?10, ?9 * ?10)
                 ON CONFLICT (day, group_id, pay_month, platform) DO UPDATE SET
                     rows = rows + excluded.rows, valid_rows = valid_rows + excluded.valid_rows,
                     orders = orders + excluded.orders, estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
                     actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen",
            )
            .bind(platform)
            .bind(b.day)
            .bind(to)
            .bind(b.pay_month)
            .bind(b.rows)
            .bind(b.valid_rows)
            .bind(b.orders)
            .bind(b.estimate_fee)
            .bind(b.actual_fee)
            .bind(sign)
            .execute(&mut *db)
            .await?;
        }
    }
    Ok(())
}
