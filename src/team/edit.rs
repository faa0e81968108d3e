//! Adding a partner by hand and editing one: every field is checked before
//! anything is written, a clash with another partner's WeChat id, phone or
//! sub-union id is reported at that field, and each save is one
//! transaction on the `synchronous=FULL` pool: shown as saved means saved.
//! Saves begin IMMEDIATE, so the clash check and the write see the same
//! store even while sync is writing.

use super::platform_ids;
use crate::model::fields;
use crate::model::{BizDay, PartnerId, PartnerRole, Platform};
use crate::model::{FormError, Message};
use serde::Deserialize;
use sqlx::{Row, SqliteConnection, SqlitePool};

pub const MAX_NOTES_CHARS: usize = 2_000;

/// The partner form's refusals, at the field they concern.
pub type PartnerError = FormError;

fn invalid(field: &'static str) -> impl Fn(Message) -> PartnerError {
    move |message| FormError::invalid(field, message)
}

/// What the partner form sends. Contacts are sent in full (the form shows
/// them revealed); blank means none.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerInput {
    pub name: String,
    pub role: PartnerRole,
    pub wechat: String,
    pub phone: String,
    pub sub_union_id: String,
    /// Her 多多进宝 `uid` (the one her links' custom parameter carries), or blank.
    #[serde(default)]
    pub pdd_uid: String,
    /// Her 淘宝联盟 `relation_id` or `special_id`, or blank.
    #[serde(default)]
    pub taobao_id: String,
    /// `yyyy-MM-dd`, or blank.
    pub joined_on: String,
    pub tags: Vec<String>,
    pub notes: String,
}

struct Checked {
    name: String,
    role: PartnerRole,
    wechat: Option<String>,
    phone: Option<String>,
    sub_union_id: Option<String>,
    /// Her ids on 多多进宝 and 淘宝联盟, each `None` when blank.
    platform_ids: [(Platform, Option<String>); 2],
    joined_on: Option<BizDay>,
    tags: String,
    notes: String,
}

type Statement<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

impl Checked {
    /// Binds the form's fields as `?1`..`?8`, in the order both the insert
    /// and the update name them.
    fn bind<'q>(&'q self, statement: Statement<'q>) -> Statement<'q> {
        statement
            .bind(&self.name)
            .bind(self.role.as_str())
            .bind(&self.wechat)
            .bind(&self.phone)
            .bind(&self.sub_union_id)
            .bind(self.joined_on)
            .bind(&self.tags)
            .bind(&self.notes)
    }
}

fn check(input: &PartnerInput, today: BizDay) -> Result<Checked, PartnerError> {
    let name = fields::name(input.name.trim()).map_err(invalid("name"))?;
    let wechat = fields::wechat(input.wechat.trim()).map_err(invalid("wechat"))?;
    let phone = fields::phone(input.phone.trim()).map_err(invalid("phone"))?;
    let sub_union_id = platform_ids::check(Platform::Jd, &input.sub_union_id).map_err(invalid("sub_union_id"))?;
    let pdd = platform_ids::check(Platform::Pdd, &input.pdd_uid).map_err(invalid("pdd_uid"))?;
    let taobao = platform_ids::check(Platform::Taobao, &input.taobao_id).map_err(invalid("taobao_id"))?;
    let joined_on = fields::day(input.joined_on.trim(), today).map_err(invalid("joined_on"))?;
    let tags = fields::tags(&input.tags).map_err(invalid("tags"))?;
    if input.notes.chars().count() > MAX_NOTES_CHARS {
        return Err(invalid("notes")(Message::new("field.notes").with("max", MAX_NOTES_CHARS)));
    }
    Ok(Checked {
        name,
        role: input.role,
        wechat,
        phone,
        sub_union_id,
        platform_ids: [(Platform::Pdd, pdd), (Platform::Taobao, taobao)],
        joined_on,
        tags: serde_json::Value::from(tags).to_string(),
        notes: input.notes.trim_end().to_owned(),
    })
}

/// Adds a partner under `parent` (or at the top).
pub async fn create(
    pool: &SqlitePool,
    input: &PartnerInput,
    parent: Option<PartnerId>,
    today: BizDay,
    now: i64,
) -> Result<PartnerId, PartnerError> {
    let checked = check(input, today)?;
    let mut tx = crate::store::begin_write(pool).await?;
    if let Some(parent) = parent {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(parent).fetch_optional(&mut *tx).await?;
        if exists.is_none() {
            return Err(invalid("parent")(Message::new("team.parent.unknown")));
        }
    }
    refuse_clashes(&mut tx, &checked, None).await?;
    let id: PartnerId = checked
        .bind(sqlx::query(
            "INSERT INTO partners (name, role, wechat, phone, sub_union_id, joined_on, tags, notes, parent_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        ))
        .bind(parent.map(|p| p.0))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    claim_platform_ids(&mut tx, id, &checked).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the form over her record; her place in the tree is changed by a
/// move, not here. A placeholder sync created becomes a named partner.
pub async fn update(pool: &SqlitePool, id: PartnerId, input: &PartnerInput, today: BizDay) -> Result<(), PartnerError> {
    let checked = check(input, today)?;
    let mut tx = crate::store::begin_write(pool).await?;
    refuse_clashes(&mut tx, &checked, Some(id)).await?;
    keep_attributed_sub_union_id(&mut tx, id, checked.sub_union_id.as_deref()).await?;
    let done = checked
        .bind(sqlx::query(
            "UPDATE partners SET name = ?1, role = ?2, wechat = ?3, phone = ?4, sub_union_id = ?5, joined_on = ?6,
                 tags = ?7, notes = ?8, is_placeholder = 0
             WHERE id = ?9",
        ))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(FormError::not_found("team.partner.notFound"));
    }
    claim_platform_ids(&mut tx, id, &checked).await?;
    tx.commit().await?;
    Ok(())
}

/// Her ids on the other platforms, each refused at its field when taken.
async fn claim_platform_ids(db: &mut SqliteConnection, id: PartnerId, checked: &Checked) -> Result<(), PartnerError> {
    for (platform, wanted) in &checked.platform_ids {
        platform_ids::claim(db, id, *platform, wanted.as_deref()).await?;
    }
    Ok(())
}

/// Sync attributes orders by sub-union id: once the platform has brought
/// orders under hers, the id is proven, and changing or clearing it would
/// send her next orders to a new placeholder.
async fn keep_attributed_sub_union_id(
    db: &mut SqliteConnection,
    id: PartnerId,
    wanted: Option<&str>,
) -> Result<(), PartnerError> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT sub_union_id FROM partners WHERE id = ?1").bind(id).fetch_optional(&mut *db).await?;
    let Some(Some(stored)) = stored else { return Ok(()) };
    if wanted == Some(stored.as_str()) {
        return Ok(());
    }
    let attributed: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM order_rows WHERE partner_id = ?1)")
        .bind(id)
        .fetch_one(&mut *db)
        .await?;
    if attributed {
        return Err(FormError::conflict(
            "sub_union_id",
            Message::new("team.subUnionId.attributed").with("value", stored),
        ));
    }
    Ok(())
}

/// The identities imports match on must stay unique to one partner, or a
/// later import could merge into the wrong person.
async fn refuse_clashes(
    db: &mut SqliteConnection,
    checked: &Checked,
    own: Option<PartnerId>,
) -> Result<(), PartnerError> {
    let values = [checked.wechat.as_deref(), checked.phone.as_deref(), checked.sub_union_id.as_deref()];
    for (field, value) in UNIQUE_CONTACTS.into_iter().zip(values) {
        let Some(value) = value else { continue };
        // The field names are the column names, from the constant list below.
        let other: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(taken_sql(field)))
            .bind(value)
            .bind(own)
            .fetch_optional(&mut *db)
            .await?;
        if let Some(other) = other {
            return Err(FormError::conflict(field, Message::new("team.contact.taken").with("other", other)));
        }
    }
    Ok(())
}

/// The contacts no two partners share, as fields and columns both.
pub(super) const UNIQUE_CONTACTS: [&str; 3] = ["wechat", "phone", "sub_union_id"];

/// Another partner (not `?2`) whose `field` is `?1`.
pub(super) fn taken_sql(field: &str) -> String {
    format!("SELECT name FROM partners WHERE {field} = ?1 AND id IS NOT ?2 LIMIT 1")
}
