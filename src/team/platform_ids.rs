//! A partner's ids on 多多进宝 and 淘宝联盟: the `uid` her 多多进宝 links
//! carry in `custom_parameters`, and her 淘宝联盟 `relation_id` (渠道) or
//! `special_id` (会员). JD's id stays her sub-union id.
//!
//! Unlike JD's, an id on these two platforms gets no placeholder partner
//! when sync meets it unclaimed: the person behind it is usually already in
//! her team under her JD id, and two records of one person could not be
//! joined without moving money between their ledgers. Such rows wait
//! unattributed; the moment she gives the id to a partner, they become
//! hers, with the partner and team rollups, in the same transaction.

use super::rollup::{self, DayTotal};
use crate::model::{fields, valid_code_sql, FormError, Message, PartnerId, Platform, SubUnionId};
use crate::store::platform_ids::{platform_ids, PlatformIds};
use sqlx::SqliteConnection;

/// The custom parameter is ≤ 64 bytes whole (PLATFORMS.md), so its `uid`
/// is too; 淘宝联盟's ids are int64 numbers, far shorter.
pub const MAX_PERSON_BYTES: usize = 64;

/// The person a row's link was made for, in the form a partner's id is
/// kept: 多多进宝's `custom_parameters` by its `uid` when it is a JSON object
/// (a string or an integer `uid`; an object without one names nobody),
/// verbatim when it is not; 淘宝联盟's id verbatim. `person_key_sql!` says
/// the same in SQL, for the rows already stored.
pub fn person_key(platform: Platform, person: &str) -> Option<String> {
    match platform {
        Platform::Pdd => match serde_json::from_str::<serde_json::Value>(person) {
            Ok(serde_json::Value::Object(fields)) => match fields.get("uid") {
                Some(serde_json::Value::String(uid)) => Some(uid.clone()),
                // SQLite's `json_type` calls an integer what fits in i64.
                Some(serde_json::Value::Number(uid)) if uid.is_i64() => Some(uid.to_string()),
                _ => None,
            },
            _ => Some(person.to_owned()),
        },
        Platform::Jd | Platform::Taobao => Some(person.to_owned()),
    }
}

/// `person_key` over `order_rows.platform` and `.platform_person`, word for
/// word the expression `order_rows_unclaimed_person` indexes (migration
/// 0026), so that finding a person's unclaimed rows reads that index.
macro_rules! person_key_sql {
    () => {
        "(CASE
        WHEN platform <> 'pdd' THEN platform_person
        WHEN json_valid(platform_person) = 0 THEN platform_person
        WHEN json_type(platform_person) <> 'object' THEN platform_person
        WHEN json_type(platform_person, '$.uid') = 'text' THEN json_extract(platform_person, '$.uid')
        WHEN json_type(platform_person, '$.uid') = 'integer' THEN CAST(json_extract(platform_person, '$.uid') AS TEXT)
    END)"
    };
}

/// The platforms whose ids are kept here.
pub const PLATFORMS: [Platform; 2] = [Platform::Pdd, Platform::Taobao];

/// The rows of platform `?1` whose person is `?2` and that nobody holds.
macro_rules! unclaimed_sql {
    () => {
        concat!("partner_id IS NULL AND platform_person IS NOT NULL AND platform = ?1 AND ", person_key_sql!(), " = ?2")
    };
}

/// The form field of her id on `platform`.
pub fn field(platform: Platform) -> &'static str {
    match platform {
        Platform::Jd => "sub_union_id",
        Platform::Pdd => "pdd_uid",
        Platform::Taobao => "taobao_id",
    }
}

/// Her id on `platform` as she typed it: blank is none. A 多多进宝 `uid`
/// may be pasted as the whole custom parameter (`{"uid":"p12",…}`); a
/// 淘宝联盟 id is a positive decimal number, kept without leading zeros as
/// the platform sends it; a JD one is a sub-union id.
pub fn check(platform: Platform, text: &str) -> Result<Option<String>, Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match platform {
        Platform::Pdd => person_key(Platform::Pdd, text)
            .filter(|uid| !uid.is_empty() && uid.len() <= MAX_PERSON_BYTES && !uid.chars().any(char::is_control))
            .map(Some)
            .ok_or_else(|| Message::new("field.pddUid").with("max", MAX_PERSON_BYTES).with("value", text)),
        Platform::Taobao => {
            fields::decimal_id(text).map(Some).ok_or_else(|| Message::new("field.taobaoId").with("value", text))
        }
        Platform::Jd => SubUnionId::parse(text)
            .map(|id| Some(id.as_str().to_owned()))
            .map_err(|e| Message::new("field.subUnionId").with("value", e.0)),
    }
}

/// Where partners keep their ids: another partner's id is refused, naming
/// her, and so is letting go of the id orders already came to her through
/// (the same rule as her sub-union id).
const PERSONS: PlatformIds = platform_ids!(
    table: "partner_platform_ids", id: "person", owner: "partner_id", owners: "partners",
    field: field,
    taken: |holder| Message::new("team.contact.taken").with("other", holder),
    keeps_attributed: Some(|stored| Message::new("team.platformId.attributed").with("value", stored)),
);

/// Gives her `wanted` as her id on `platform` (or takes hers away), inside
/// the caller's write transaction, refused as `PERSONS` says. Rows stored
/// unattributed under the new id become hers.
pub(crate) async fn claim(
    db: &mut SqliteConnection,
    partner: PartnerId,
    platform: Platform,
    wanted: Option<&str>,
) -> Result<(), FormError> {
    if let Some(given) = PERSONS.give(db, partner.0, platform, wanted).await? {
        attribute_stored(db, partner, platform, given).await?;
    }
    Ok(())
}

/// The rows stored for `person` that nobody held until now become hers,
/// and her own, her uplines' and the day totals grow by what they earned,
/// as they would have had sync met them with her id already given.
async fn attribute_stored(
    db: &mut SqliteConnection,
    partner: PartnerId,
    platform: Platform,
    person: &str,
) -> Result<(), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Day {
        day: i64,
        orders: i64,
        estimate_fee: i64,
        actual_fee: i64,
    }
    let days: Vec<Day> = sqlx::query_as(concat!(
        "SELECT order_day AS day, COUNT(DISTINCT order_id) AS orders, SUM(estimate_fee_fen) AS estimate_fee,
                SUM(actual_fee_fen) AS actual_fee
         FROM order_rows WHERE ",
        unclaimed_sql!(),
        " AND ",
        valid_code_sql!(),
        " GROUP BY order_day"
    ))
    .bind(platform)
    .bind(person)
    .fetch_all(&mut *db)
    .await?;
    sqlx::query(concat!("UPDATE order_rows SET partner_id = ?3 WHERE ", unclaimed_sql!()))
        .bind(platform)
        .bind(person)
        .bind(partner)
        .execute(&mut *db)
        .await?;
    let days: Vec<(i64, DayTotal)> = days
        .into_iter()
        .map(|d| (d.day, DayTotal { orders: d.orders, estimate_fee: d.estimate_fee, actual_fee: d.actual_fee }))
        .collect();
    rollup::add_partner_days(db, partner.0, platform, &days).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::temp_store;

    #[test]
    fn a_pdd_person_is_the_uid_of_its_custom_parameter_or_the_whole_text() {
        let pdd = |text: &str| person_key(Platform::Pdd, text);
        assert_eq!(pdd(r#"{"uid":"p12","sid":"g3"}"#).as_deref(), Some("p12"));
        assert_eq!(pdd(r#"{"sid":"g3","uid":77}"#).as_deref(), Some("77"));
        assert_eq!(pdd(r#"{"sid":"g3"}"#), None, "an object without a uid names nobody");
        assert_eq!(pdd(r#"{"uid":{"a":1}}"#), None);
        assert_eq!(pdd("p12").as_deref(), Some("p12"), "no JSON: verbatim");
        assert_eq!(pdd("123").as_deref(), Some("123"));
        assert_eq!(person_key(Platform::Taobao, "2718281828").as_deref(), Some("2718281828"));
    }

    #[test]
    fn ids_she_types_are_bounded_and_checked() {
        assert_eq!(check(Platform::Pdd, "  "), Ok(None));
        assert_eq!(check(Platform::Pdd, r#"{"uid":"p12","sid":"g3"}"#), Ok(Some("p12".to_owned())));
        assert_eq!(check(Platform::Pdd, &"u".repeat(MAX_PERSON_BYTES)).map(|u| u.map(|u| u.len())), Ok(Some(64)));
        for bad in ["u".repeat(MAX_PERSON_BYTES + 1), "a\u{7}b".to_owned(), r#"{"sid":"g3"}"#.to_owned()] {
            assert_eq!(check(Platform::Pdd, &bad).unwrap_err().key, "field.pddUid", "{bad}");
        }
        assert_eq!(check(Platform::Taobao, "0031415"), Ok(Some("31415".to_owned())));
        for bad in ["0", "-5", "12a", "99999999999999999999", "+7"] {
            assert_eq!(check(Platform::Taobao, bad).unwrap_err().key, "field.taobaoId", "{bad}");
        }
    }

    #[tokio::test]
    async fn finding_a_persons_unclaimed_rows_reads_their_index() {
        let (_dir, store) = temp_store().await;
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(concat!("EXPLAIN QUERY PLAN SELECT id FROM order_rows WHERE ", unclaimed_sql!()))
                .bind(Platform::Pdd)
                .bind("p12")
                .fetch_all(store.pool())
                .await
                .unwrap();
        assert!(plan.iter().any(|step| step.3.contains("order_rows_unclaimed_person")), "{plan:?}");
    }

    /// The SQL that finds stored rows must name the same person as the
    /// Rust sync attributes new rows with, for every shape she may send.
    #[tokio::test]
    async fn the_stored_rows_key_matches_the_one_sync_uses() {
        let (_dir, store) = temp_store().await;
        let samples = [
            r#"{"uid":"p12","sid":"g3"}"#,
            r#"{"sid":"g3","uid":77}"#,
            r#"{"sid":"g3"}"#,
            r#"{"uid":1.5}"#,
            r#"{"uid":{"a":1}}"#,
            r#"{"uid":"p\u0031"}"#,
            r#"["p12"]"#,
            r#""p12""#,
            "p12",
            "123",
            "{uid:p12}",
            " {\"uid\" : \"sp\" } ",
        ];
        for platform in [Platform::Pdd, Platform::Taobao] {
            for sample in samples {
                let in_sql: Option<String> = sqlx::query_scalar(concat!(
                    "SELECT ",
                    person_key_sql!(),
                    " FROM (SELECT ?1 AS platform, ?2 AS platform_person)"
                ))
                .bind(platform)
                .bind(sample)
                .fetch_one(store.pool())
                .await
                .unwrap();
                assert_eq!(in_sql, person_key(platform, sample), "{platform} {sample}");
            }
        }
    }
}
