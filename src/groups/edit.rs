//! Creating, editing, archiving and restoring a group. Input is checked
//! field by field before anything is written, and each save is one
//! transaction on the `synchronous=FULL` pool: shown as saved means saved.

use super::platform_ids;
use crate::model::{fields, BizDay, EpochSecs, GroupId, GroupKind, PartnerId, Platform, StoredDay};
use crate::model::{is_foreign_key_violation, is_unique_violation, FormError, Message};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

pub const MAX_NOTES_CHARS: usize = 2_000;
/// WeChat caps a group at 500 members.
pub const MAX_MEMBERS: i64 = 500;

/// The group form's refusals, at the field they concern.
pub type GroupError = FormError;

fn no_group() -> GroupError {
    FormError::not_found("groups.notFound")
}

/// What the group form sends.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupInput {
    pub name: String,
    pub kind: GroupKind,
    #[ts(type = "number | null")]
    pub position_id: Option<i64>,
    /// Its 多多进宝 推广位 (`p_id`, e.g. `1000001_2000014`), or blank.
    #[serde(default)]
    pub pdd_pid: String,
    /// Its 淘宝联盟 推广位 (`adzone_id`), or blank.
    #[serde(default)]
    pub taobao_adzone_id: String,
    pub owner_partner_id: Option<PartnerId>,
    pub tags: Vec<String>,
    pub notes: String,
    /// `yyyy-MM-dd`, the day the WeChat group was created.
    pub wechat_created_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct MemberCount {
    pub day: BizDay,
    pub members: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupDetail {
    pub id: GroupId,
    pub name: String,
    pub kind: GroupKind,
    #[ts(type = "number | null")]
    pub position_id: Option<i64>,
    /// Its 推广位 on 多多进宝 and 淘宝联盟 (`platform_ids`).
    pub pdd_pid: Option<String>,
    pub taobao_adzone_id: Option<String>,
    pub owner_partner_id: Option<PartnerId>,
    pub owner_name: Option<String>,
    pub tags: Vec<String>,
    pub notes: String,
    pub wechat_created_on: Option<BizDay>,
    /// The fields whose stored values are unreadable (an older version
    /// wrote them), shown as empty so she can enter them again; until then
    /// plans counted from the group's creation leave it out.
    pub unreadable: Vec<String>,
    pub archived: bool,
    /// Oldest first, the last 90 entries.
    pub members: Vec<MemberCount>,
}

/// A checked `GroupInput`, ready to store.
struct Checked {
    name: String,
    kind: GroupKind,
    position_id: Option<i64>,
    /// Its places on 多多进宝 and 淘宝联盟, each `None` when blank.
    platform_ids: [(Platform, Option<String>); 2],
    owner: Option<PartnerId>,
    tags: String,
    notes: String,
    created_on: Option<BizDay>,
}

fn check(input: &GroupInput, today: BizDay) -> Result<Checked, GroupError> {
    let name = fields::name(input.name.trim()).map_err(|message| FormError::invalid("name", message))?;
    if input.notes.chars().count() > MAX_NOTES_CHARS {
        return Err(FormError::invalid("notes", Message::new("field.notes").with("max", MAX_NOTES_CHARS)));
    }
    if let Some(position) = input.position_id.filter(|p| *p <= 0) {
        return Err(FormError::invalid("position_id", Message::new("field.positionId").with("value", position)));
    }
    let mut places = platform_ids::PLATFORMS.map(|platform| (platform, None));
    for (platform, place) in &mut places {
        let text = if *platform == Platform::Pdd { &input.pdd_pid } else { &input.taobao_adzone_id };
        *place = platform_ids::check(*platform, text)
            .map_err(|message| FormError::invalid(platform_ids::field(*platform), message))?;
    }
    let tags = fields::tags(&input.tags).map_err(|message| FormError::invalid("tags", message))?;
    let created_on = match input.wechat_created_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(text) => {
            let day = BizDay::parse(text).ok_or_else(|| {
                FormError::invalid("wechat_created_on", Message::new("field.date").with("value", text))
            })?;
            if day > today {
                return Err(FormError::invalid("wechat_created_on", Message::new("field.future").with("value", text)));
            }
            Some(day)
        }
    };
    Ok(Checked {
        name,
        kind: input.kind,
        position_id: input.position_id,
        platform_ids: places,
        owner: input.owner_partner_id,
        tags: serde_json::Value::from(tags).to_string(),
        notes: input.notes.trim_end().to_owned(),
        created_on,
    })
}

/// Turns constraint failures into messages at the field they concern: the
/// only unique column of a group is its position, its only reference the owner.
async fn explain(pool: &SqlitePool, error: sqlx::Error, checked: &Checked, own: Option<GroupId>) -> GroupError {
    if is_unique_violation(&error) {
        let holder: Option<String> =
            sqlx::query_scalar("SELECT name FROM groups WHERE position_id = ?1 AND id IS NOT ?2")
                .bind(checked.position_id)
                .bind(own.map(|g| g.0))
                .fetch_optional(pool)
                .await
                .ok()
                .flatten();
        let holder = holder.unwrap_or_default();
        return FormError::conflict("position_id", Message::new("groups.position.bound").with("holder", holder));
    }
    if is_foreign_key_violation(&error) {
        return FormError::invalid("owner_partner_id", Message::new("groups.owner.unknown"));
    }
    GroupError::Store(error)
}

pub async fn create(
    pool: &SqlitePool,
    input: &GroupInput,
    today: BizDay,
    now: EpochSecs,
) -> Result<GroupDetail, GroupError> {
    let checked = check(input, today)?;
    let mut tx = crate::store::begin_write(pool).await?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO groups (name, kind, owner_partner_id, position_id, tags, notes, wechat_created_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(&checked.name)
    .bind(checked.kind.as_str())
    .bind(checked.owner.map(|p| p.0))
    .bind(checked.position_id)
    .bind(&checked.tags)
    .bind(&checked.notes)
    .bind(checked.created_on)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => GroupId(id),
        Err(error) => {
            tx.rollback().await?;
            return Err(explain(pool, error, &checked, None).await);
        }
    };
    claim_platform_ids(&mut tx, id, &checked).await?;
    tx.commit().await?;
    detail(pool, id).await
}

pub async fn update(
    pool: &SqlitePool,
    id: GroupId,
    input: &GroupInput,
    today: BizDay,
) -> Result<GroupDetail, GroupError> {
    let checked = check(input, today)?;
    let mut tx = crate::store::begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE groups SET name = ?1, kind = ?2, owner_partner_id = ?3, position_id = ?4, tags = ?5, notes = ?6,
             wechat_created_on = ?7, is_placeholder = 0
         WHERE id = ?8",
    )
    .bind(&checked.name)
    .bind(checked.kind.as_str())
    .bind(checked.owner.map(|p| p.0))
    .bind(checked.position_id)
    .bind(&checked.tags)
    .bind(&checked.notes)
    .bind(checked.created_on)
    .bind(id)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(done) if done.rows_affected() == 0 => return Err(no_group()),
        Ok(_) => {}
        Err(error) => {
            tx.rollback().await?;
            return Err(explain(pool, error, &checked, Some(id)).await);
        }
    }
    claim_platform_ids(&mut tx, id, &checked).await?;
    tx.commit().await?;
    detail(pool, id).await
}

/// Its places on the other platforms, each refused at its field when taken.
async fn claim_platform_ids(db: &mut SqliteConnection, id: GroupId, checked: &Checked) -> Result<(), GroupError> {
    for (platform, wanted) in &checked.platform_ids {
        platform_ids::claim(db, id, *platform, wanted.as_deref()).await?;
    }
    Ok(())
}

/// Archiving hides a group from the lists and keeps everything about it;
/// restoring brings it back as it was.
pub async fn set_archived(pool: &SqlitePool, id: GroupId, archived: bool, now: EpochSecs) -> Result<(), GroupError> {
    let done = sqlx::query("UPDATE groups SET archived_at = CASE WHEN ?1 THEN ?2 ELSE NULL END WHERE id = ?3")
        .bind(archived)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(no_group());
    }
    Ok(())
}

/// Today's member count, replacing an earlier entry for the same day.
pub async fn record_members(
    pool: &SqlitePool,
    id: GroupId,
    day: BizDay,
    members: i64,
) -> Result<GroupDetail, GroupError> {
    if !(0..=MAX_MEMBERS).contains(&members) {
        return Err(FormError::invalid("members", Message::new("groups.members.range").with("max", MAX_MEMBERS)));
    }
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM groups WHERE id = ?1").bind(id).fetch_optional(pool).await?;
    if exists.is_none() {
        return Err(no_group());
    }
    sqlx::query(
        "INSERT INTO group_member_counts (group_id, day, members) VALUES (?1, ?2, ?3)
         ON CONFLICT (group_id, day) DO UPDATE SET members = excluded.members",
    )
    .bind(id)
    .bind(day)
    .bind(members)
    .execute(pool)
    .await?;
    detail(pool, id).await
}

pub async fn detail(pool: &SqlitePool, id: GroupId) -> Result<GroupDetail, GroupError> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        name: String,
        kind: GroupKind,
        position_id: Option<i64>,
        pdd_pid: Option<String>,
        taobao_adzone_id: Option<String>,
        owner_partner_id: Option<PartnerId>,
        owner_name: Option<String>,
        /// A JSON array of strings.
        tags: String,
        notes: String,
        #[sqlx(try_from = "Option<i64>")]
        wechat_created_on: StoredDay,
        archived_at: Option<EpochSecs>,
    }
    let row: Stored = sqlx::query_as(
        "SELECT g.id, g.name, g.kind, g.position_id,
                (SELECT place FROM group_platform_ids WHERE group_id = g.id AND platform = 'pdd') AS pdd_pid,
                (SELECT place FROM group_platform_ids WHERE group_id = g.id AND platform = 'taobao') AS taobao_adzone_id,
                g.owner_partner_id, p.name AS owner_name, g.tags, g.notes,
                g.wechat_created_on, g.archived_at
         FROM groups g LEFT JOIN partners p ON p.id = g.owner_partner_id WHERE g.id = ?1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or_else(no_group)?;
    let members = sqlx::query_as(
        "SELECT day, members FROM (SELECT day, members FROM group_member_counts WHERE group_id = ?1
         ORDER BY day DESC LIMIT 90) ORDER BY day",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(GroupDetail {
        id,
        name: row.name,
        kind: row.kind,
        position_id: row.position_id,
        pdd_pid: row.pdd_pid,
        taobao_adzone_id: row.taobao_adzone_id,
        owner_partner_id: row.owner_partner_id,
        owner_name: row.owner_name,
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        notes: row.notes,
        wechat_created_on: row.wechat_created_on.day,
        unreadable: row.wechat_created_on.unreadable.map(|_| "wechat_created_on".to_owned()).into_iter().collect(),
        archived: row.archived_at.is_some(),
        members,
    })
}
