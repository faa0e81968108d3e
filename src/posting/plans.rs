//! Making and changing posting plans: the form's checks at the field they
//! concern, and the stored rule read back as a rule or as the form.

use super::rule::{Cadence, Ends, Rule, Start, Weekdays};
use super::{invalid, PostingError};
use crate::model::{
    AudienceBy, BizDay, CheckItem, EpochSecs, GroupId, GroupKind, MaterialId, PlanCadence, PlanEnds, PlanId, PlanStart,
    StoredDay,
};
use crate::model::{FormError, Message};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

pub const MAX_TITLE_CHARS: usize = 60;
const MAX_TAG_CHARS: usize = 30;
/// More chosen groups than anyone runs; a bound before anything is read.
const MAX_CHOSEN_GROUPS: usize = 500;
const MAX_AFTER_DAYS: i64 = 3650;
const MAX_TIMES: i64 = 10_000;

/// Which groups a plan posts in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "by", rename_all = "snake_case")]
#[ts(export)]
pub enum Audience {
    Groups { ids: Vec<GroupId> },
    Kind { kind: GroupKind },
    Tag { tag: String },
}

/// A plan as the form sends it and shows it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PlanDraft {
    pub title: String,
    pub audience: Audience,
    pub cadence: PlanCadence,
    /// 1 Monday … 7 Sunday, for `weekdays`.
    #[serde(default)]
    pub weekdays: Vec<i64>,
    pub start: PlanStart,
    /// `yyyy-MM-dd`: the first day (`on`) or the campaign's start (`campaign`).
    #[serde(default)]
    pub start_on: Option<String>,
    /// Day N after the group's creation or the campaign's start (0 is that day).
    #[serde(default)]
    pub after_days: i64,
    pub ends: PlanEnds,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub times: Option<i64>,
    /// `HH:MM`, Beijing.
    pub time: String,
    pub material_id: Option<MaterialId>,
    /// The warmth checklist item a post of this plan ticks.
    pub ticks: Option<CheckItem>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Plan {
    pub id: PlanId,
    pub draft: PlanDraft,
    pub material_title: Option<String>,
    /// Why its posts cannot be copied as planned (its kit archived).
    pub problem: Option<Message>,
    pub archived_at: Option<EpochSecs>,
    /// The draft's fields whose stored days are unreadable (an older version
    /// wrote them), shown as empty: the plan still lists, named, posts
    /// nothing, and she can save it again with a day or archive it.
    pub unreadable: Vec<String>,
}

/// A plan as stored; its columns were checked on the way in, though an
/// older version let through days that no longer read back.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PlanRow {
    pub id: PlanId,
    pub title: String,
    pub audience: AudienceBy,
    pub audience_kind: Option<GroupKind>,
    pub audience_tag: Option<String>,
    pub cadence: PlanCadence,
    pub weekdays: i64,
    pub start_kind: PlanStart,
    #[sqlx(try_from = "Option<i64>")]
    pub start_on: StoredDay,
    pub start_after_days: i64,
    pub ends: PlanEnds,
    #[sqlx(try_from = "Option<i64>")]
    pub ends_on: StoredDay,
    pub ends_after: Option<i64>,
    pub at_minute: i64,
    pub material_id: Option<MaterialId>,
    pub ticks: Option<CheckItem>,
    pub archived_at: Option<EpochSecs>,
    pub material_title: Option<String>,
    pub material_archived: bool,
}

pub(crate) const PLAN_COLUMNS: &str = "p.id, p.title, p.audience, p.audience_kind, p.audience_tag, p.cadence,
    p.weekdays, p.start_kind, p.start_on, p.start_after_days, p.ends, p.ends_on, p.ends_after, p.at_minute,
    p.material_id, p.ticks, p.archived_at, m.title AS material_title,
    COALESCE(m.archived_at IS NOT NULL, 0) AS material_archived
    FROM post_plans p LEFT JOIN materials m ON m.id = p.material_id";

impl PlanRow {
    /// `None` for a row edited by hand into something no form could save,
    /// or whose start or end day is unreadable.
    pub fn rule(&self) -> Option<Rule> {
        let cadence = match self.cadence {
            PlanCadence::Daily => Cadence::Daily,
            PlanCadence::Weekdays => Cadence::Weekdays(Weekdays::from_bits(self.weekdays)?),
            PlanCadence::Once => Cadence::Once,
        };
        let days = u16::try_from(self.start_after_days).ok()?;
        let start = match self.start_kind {
            PlanStart::On => Start::On(self.start_on.day?),
            PlanStart::GroupCreated => Start::AfterGroupCreated(days),
            PlanStart::Campaign => Start::AfterCampaign { start: self.start_on.day?, days },
        };
        let ends = match self.ends {
            PlanEnds::Never => Ends::Never,
            PlanEnds::Until => Ends::Until(self.ends_on.day?),
            PlanEnds::Times => Ends::Times(u16::try_from(self.ends_after?).ok()?),
        };
        Some(Rule { cadence, start, ends })
    }

    /// The day fields that hold something no day reads back from.
    pub fn unreadable(&self) -> Vec<String> {
        [("start_on", self.start_on), ("ends_on", self.ends_on)]
            .into_iter()
            .filter(|(_, stored)| stored.unreadable.is_some())
            .map(|(field, _)| field.to_owned())
            .collect()
    }

    pub fn problem(&self) -> Option<Message> {
        self.material_archived.then(|| {
            Message::new("posting.materialArchived").with("title", self.material_title.as_deref().unwrap_or(""))
        })
    }

    fn into_plan(self, chosen: Vec<GroupId>) -> Plan {
        let audience = match (self.audience, self.audience_kind, &self.audience_tag) {
            (AudienceBy::Kind, Some(kind), _) => Audience::Kind { kind },
            (AudienceBy::Tag, _, Some(tag)) => Audience::Tag { tag: tag.clone() },
            _ => Audience::Groups { ids: chosen },
        };
        let weekdays = Weekdays::from_bits(self.weekdays).map(Weekdays::numbers).unwrap_or_default();
        let problem = self.problem();
        let unreadable = self.unreadable();
        Plan {
            id: self.id,
            draft: PlanDraft {
                title: self.title,
                audience,
                cadence: self.cadence,
                weekdays,
                start: self.start_kind,
                start_on: self.start_on.day.map(|d| d.to_string()),
                after_days: self.start_after_days,
                ends: self.ends,
                ends_on: self.ends_on.day.map(|d| d.to_string()),
                times: self.ends_after,
                time: clock(self.at_minute),
                material_id: self.material_id,
                ticks: self.ticks,
            },
            material_title: self.material_title,
            problem,
            archived_at: self.archived_at,
            unreadable,
        }
    }
}

/// `HH:MM` for minutes after midnight.
pub fn clock(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Minutes after midnight for `HH:MM` within the day.
pub fn minute_of(text: &str) -> Option<i64> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes) = (hours.parse::<i64>().ok()?, minutes.parse::<i64>().ok()?);
    ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(hours * 60 + minutes)
}

/// A draft that passed every check, ready to store.
struct Checked {
    title: String,
    audience: Audience,
    rule: Rule,
    minute: i64,
}

pub async fn list(pool: &SqlitePool, archived: bool) -> Result<Vec<Plan>, sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(list_sql())).bind(archived).fetch_all(pool).await?;
    let mut plans = Vec::with_capacity(rows.len());
    for row in rows {
        let chosen = chosen_groups(pool, row.id).await?;
        plans.push(row.into_plan(chosen));
    }
    Ok(plans)
}

/// Every SQL text plans build at run time, each audience's once, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let mut texts = vec![list_sql(), row_sql()];
    texts.extend(AudienceQuery::ALL.map(active_groups_sql));
    texts
}

/// Archived (`?1`) or current plans, by time.
fn list_sql() -> String {
    format!("SELECT {PLAN_COLUMNS} WHERE (p.archived_at IS NOT NULL) = ?1 ORDER BY p.at_minute, p.id")
}

fn row_sql() -> String {
    format!("SELECT {PLAN_COLUMNS} WHERE p.id = ?1")
}

pub async fn get(pool: &SqlitePool, id: PlanId) -> Result<Option<Plan>, sqlx::Error> {
    let Some(row) = row(pool, id).await? else { return Ok(None) };
    let chosen = chosen_groups(pool, id).await?;
    Ok(Some(row.into_plan(chosen)))
}

pub(crate) async fn row(pool: &SqlitePool, id: PlanId) -> Result<Option<PlanRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(row_sql())).bind(id).fetch_optional(pool).await
}

async fn chosen_groups(pool: &SqlitePool, id: PlanId) -> Result<Vec<GroupId>, sqlx::Error> {
    sqlx::query_scalar("SELECT group_id FROM post_plan_groups WHERE plan_id = ?1 ORDER BY group_id")
        .bind(id)
        .fetch_all(pool)
        .await
}

pub async fn create(pool: &SqlitePool, draft: &PlanDraft, now: EpochSecs) -> Result<Plan, PostingError> {
    let checked = checked(pool, draft).await?;
    let mut tx = crate::store::begin_write(pool).await?;
    // A bare row first, filled by the same `write` an update uses, so the
    // columns are bound in one place; both happen in one transaction.
    let id: PlanId = sqlx::query_scalar(
        "INSERT INTO post_plans (title, audience, cadence, start_kind, ends, at_minute, created_at, updated_at)
         VALUES ('-', 'groups', 'daily', 'on', 'never', 0, ?1, ?1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    write(&mut tx, id, draft, &checked, now).await?;
    tx.commit().await?;
    get(pool, id).await?.ok_or_else(not_found)
}

/// Saves `draft` over plan `id`. Posts already logged, moved or edited stay
/// as they are; untouched ones follow the new rule the next time a day is read.
pub async fn update(pool: &SqlitePool, id: PlanId, draft: &PlanDraft, now: EpochSecs) -> Result<Plan, PostingError> {
    let checked = checked(pool, draft).await?;
    let mut tx = crate::store::begin_write(pool).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM post_plans WHERE id = ?1").bind(id).fetch_optional(&mut *tx).await?;
    if exists.is_none() {
        return Err(not_found());
    }
    write(&mut tx, id, draft, &checked, now).await?;
    tx.commit().await?;
    get(pool, id).await?.ok_or_else(not_found)
}

/// Archiving stops a plan's posts from being planned; its log stays.
pub async fn set_archived(pool: &SqlitePool, id: PlanId, archived: bool, now: EpochSecs) -> Result<Plan, PostingError> {
    let changed = sqlx::query("UPDATE post_plans SET archived_at = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(id)
        .bind(archived.then_some(now))
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(not_found());
    }
    get(pool, id).await?.ok_or_else(not_found)
}

fn not_found() -> PostingError {
    FormError::not_found("posting.planNotFound")
}

async fn write(
    tx: &mut SqliteConnection,
    id: PlanId,
    draft: &PlanDraft,
    checked: &Checked,
    now: EpochSecs,
) -> Result<(), sqlx::Error> {
    let (by, kind, tag) = match &checked.audience {
        Audience::Groups { .. } => (AudienceBy::Groups, None, None),
        Audience::Kind { kind } => (AudienceBy::Kind, Some(*kind), None),
        Audience::Tag { tag } => (AudienceBy::Tag, None, Some(tag.clone())),
    };
    let rule = checked.rule;
    let weekdays = match rule.cadence {
        Cadence::Weekdays(w) => i64::from(w.bits()),
        _ => 0,
    };
    let (start_on, after_days) = match rule.start {
        Start::On(day) => (Some(day), 0),
        Start::AfterGroupCreated(days) => (None, i64::from(days)),
        Start::AfterCampaign { start, days } => (Some(start), i64::from(days)),
    };
    let (ends_on, ends_after) = match rule.ends {
        Ends::Never => (None, None),
        Ends::Until(day) => (Some(day), None),
        Ends::Times(times) => (None, Some(i64::from(times))),
    };
    sqlx::query(
        "UPDATE post_plans SET title = ?2, audience = ?3, audience_kind = ?4, audience_tag = ?5, cadence = ?6,
                weekdays = ?7, start_kind = ?8, start_on = ?9, start_after_days = ?10, ends = ?11, ends_on = ?12,
                ends_after = ?13, at_minute = ?14, material_id = ?15, ticks = ?16, updated_at = ?17
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&checked.title)
    .bind(by)
    .bind(kind)
    .bind(tag)
    .bind(draft.cadence)
    .bind(weekdays)
    .bind(draft.start)
    .bind(start_on)
    .bind(after_days)
    .bind(draft.ends)
    .bind(ends_on)
    .bind(ends_after)
    .bind(checked.minute)
    .bind(draft.material_id)
    .bind(draft.ticks)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM post_plan_groups WHERE plan_id = ?1").bind(id).execute(&mut *tx).await?;
    if let Audience::Groups { ids } = &checked.audience {
        for group in ids {
            sqlx::query("INSERT OR IGNORE INTO post_plan_groups (plan_id, group_id) VALUES (?1, ?2)")
                .bind(id)
                .bind(group)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}

async fn checked(pool: &SqlitePool, draft: &PlanDraft) -> Result<Checked, PostingError> {
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
        return Err(invalid("title", Message::new("posting.titleLength").with("max", MAX_TITLE_CHARS)));
    }
    let minute = minute_of(&draft.time).ok_or_else(|| invalid("time", Message::new("posting.timeOutsideDay")))?;
    let rule = Rule { cadence: cadence(draft)?, start: start(draft)?, ends: ends(draft)? };
    if let (Some(first), Ends::Until(last)) = (rule.fixed_first_day(), rule.ends) {
        if last < first {
            return Err(invalid(
                "ends_on",
                Message::new("posting.endBeforeStart").with("end", last).with("start", first),
            ));
        }
    }
    let audience = audience(pool, &draft.audience).await?;
    if let Some(material) = draft.material_id {
        let archived: Option<bool> = sqlx::query_scalar("SELECT archived_at IS NOT NULL FROM materials WHERE id = ?1")
            .bind(material)
            .fetch_optional(pool)
            .await?;
        match archived {
            None => return Err(invalid("material_id", Message::new("posting.materialUnknown"))),
            Some(true) => return Err(invalid("material_id", Message::new("posting.materialArchivedPick"))),
            Some(false) => {}
        }
    }
    Ok(Checked { title: title.to_owned(), audience, rule, minute })
}

fn cadence(draft: &PlanDraft) -> Result<Cadence, PostingError> {
    Ok(match draft.cadence {
        PlanCadence::Daily => Cadence::Daily,
        PlanCadence::Once => Cadence::Once,
        PlanCadence::Weekdays => Cadence::Weekdays(
            Weekdays::from_numbers(&draft.weekdays)
                .ok_or_else(|| invalid("weekdays", Message::new("posting.weekdaysNone")))?,
        ),
    })
}

fn start(draft: &PlanDraft) -> Result<Start, PostingError> {
    let after = || -> Result<u16, PostingError> {
        if draft.after_days < 0 {
            return Err(invalid("after_days", Message::new("posting.dayNegative")));
        }
        if draft.after_days > MAX_AFTER_DAYS {
            return Err(invalid("after_days", Message::new("posting.dayTooFar").with("max", MAX_AFTER_DAYS)));
        }
        u16::try_from(draft.after_days).map_err(|_| invalid("after_days", Message::new("posting.dayTooFar")))
    };
    let start_on = || {
        draft
            .start_on
            .as_deref()
            .and_then(BizDay::parse)
            .ok_or_else(|| invalid("start_on", Message::new("posting.dayInvalid")))
    };
    Ok(match draft.start {
        PlanStart::On => Start::On(start_on()?),
        PlanStart::GroupCreated => Start::AfterGroupCreated(after()?),
        PlanStart::Campaign => Start::AfterCampaign { start: start_on()?, days: after()? },
    })
}

fn ends(draft: &PlanDraft) -> Result<Ends, PostingError> {
    Ok(match draft.ends {
        PlanEnds::Never => Ends::Never,
        PlanEnds::Until => Ends::Until(
            draft
                .ends_on
                .as_deref()
                .and_then(BizDay::parse)
                .ok_or_else(|| invalid("ends_on", Message::new("posting.dayInvalid")))?,
        ),
        PlanEnds::Times => {
            let times = draft.times.unwrap_or(0);
            if !(1..=MAX_TIMES).contains(&times) {
                return Err(invalid("times", Message::new("posting.timesBelowOne").with("max", MAX_TIMES)));
            }
            Ends::Times(u16::try_from(times).map_err(|_| invalid("times", Message::new("posting.timesBelowOne")))?)
        }
    })
}

/// The audience trimmed and checked: it must name at least one active group.
async fn audience(pool: &SqlitePool, audience: &Audience) -> Result<Audience, PostingError> {
    let no_groups = || invalid("audience", Message::new("posting.noGroups"));
    let checked = match audience {
        Audience::Groups { ids } => {
            if ids.len() > MAX_CHOSEN_GROUPS {
                return Err(invalid("audience", Message::new("posting.tooManyGroups").with("max", MAX_CHOSEN_GROUPS)));
            }
            let mut ids = ids.clone();
            ids.sort();
            ids.dedup();
            Audience::Groups { ids }
        }
        Audience::Kind { kind } => Audience::Kind { kind: *kind },
        Audience::Tag { tag } => {
            let tag = tag.trim();
            if tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS {
                return Err(no_groups());
            }
            Audience::Tag { tag: tag.to_owned() }
        }
    };
    if active_groups(pool, &checked).await?.is_empty() {
        return Err(no_groups());
    }
    Ok(checked)
}

/// A group a plan posts in, with the day it was created (its day 0).
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct AudienceGroup {
    pub id: GroupId,
    #[sqlx(try_from = "Option<i64>")]
    pub wechat_created_on: StoredDay,
    pub created_at: EpochSecs,
}

impl AudienceGroup {
    /// The day entered, else the day the app first saw the group; `None`
    /// when the day entered is unreadable (an older version wrote it), as
    /// guessing would post on the wrong days.
    pub fn created(&self) -> Option<BizDay> {
        match self.wechat_created_on {
            StoredDay { unreadable: Some(_), .. } => None,
            StoredDay { day, .. } => Some(day.unwrap_or_else(|| BizDay::of(self.created_at))),
        }
    }
}

/// The active, real groups `audience` names now: archived ones stop.
pub(crate) async fn active_groups(pool: &SqlitePool, audience: &Audience) -> Result<Vec<AudienceGroup>, sqlx::Error> {
    match audience {
        Audience::Groups { ids } => {
            let mut found = Vec::with_capacity(ids.len());
            for id in ids {
                let group: Option<AudienceGroup> =
                    sqlx::query_as(sqlx::AssertSqlSafe(active_groups_sql(AudienceQuery::Group)))
                        .bind(id)
                        .fetch_optional(pool)
                        .await?;
                found.extend(group);
            }
            Ok(found)
        }
        Audience::Kind { kind } => {
            sqlx::query_as(sqlx::AssertSqlSafe(active_groups_sql(AudienceQuery::Kind))).bind(kind).fetch_all(pool).await
        }
        Audience::Tag { tag } => {
            sqlx::query_as(sqlx::AssertSqlSafe(active_groups_sql(AudienceQuery::Tag))).bind(tag).fetch_all(pool).await
        }
    }
}

/// How an audience picks its groups, `?1` being the group, kind or tag.
#[derive(Clone, Copy)]
enum AudienceQuery {
    Group,
    Kind,
    Tag,
}

impl AudienceQuery {
    #[cfg(test)]
    const ALL: [AudienceQuery; 3] = [AudienceQuery::Group, AudienceQuery::Kind, AudienceQuery::Tag];
}

fn active_groups_sql(by: AudienceQuery) -> String {
    const ACTIVE: &str = "SELECT g.id, g.wechat_created_on, g.created_at FROM groups g
                          WHERE g.archived_at IS NULL AND g.is_placeholder = 0";
    match by {
        AudienceQuery::Group => format!("{ACTIVE} AND g.id = ?1"),
        AudienceQuery::Kind => format!("{ACTIVE} AND g.kind = ?1 ORDER BY g.id"),
        AudienceQuery::Tag => {
            format!("{ACTIVE} AND EXISTS (SELECT 1 FROM json_each(g.tags) WHERE value = ?1) ORDER BY g.id")
        }
    }
}

/// The audience of a stored plan.
pub(crate) async fn audience_of(pool: &SqlitePool, row: &PlanRow) -> Result<Audience, sqlx::Error> {
    Ok(match (row.audience, row.audience_kind, &row.audience_tag) {
        (AudienceBy::Kind, Some(kind), _) => Audience::Kind { kind },
        (AudienceBy::Tag, _, Some(tag)) => Audience::Tag { tag: tag.clone() },
        _ => Audience::Groups { ids: chosen_groups(pool, row.id).await? },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_is_inside_the_day() {
        assert_eq!(minute_of("12:00"), Some(720));
        assert_eq!(minute_of("0:05"), Some(5));
        assert_eq!(minute_of("23:59"), Some(1439));
        assert_eq!(minute_of("24:00"), None);
        assert_eq!(minute_of("12:60"), None);
        assert_eq!(minute_of("-1:00"), None);
        assert_eq!(minute_of("noon"), None);
        assert_eq!(clock(725), "12:05");
    }
}
