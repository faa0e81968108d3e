//! Starter plans from a group's daily rhythm (morning greeting, noon post,
//! evening round-up, training night, order showcase), each with a kit of
//! the library when one fits; she changes them like any other plan.

use super::plans::{self, Audience, Plan, PlanDraft};
use super::PostingError;
use crate::model::FormError;
use crate::model::{BizDay, CheckItem, EpochSecs, GroupKind, MaterialId, PlanCadence, PlanEnds, PlanStart};
use sqlx::SqlitePool;

struct Starter {
    title: &'static str,
    groups: GroupKind,
    time: &'static str,
    /// Empty: every day.
    weekdays: &'static [i64],
    ticks: CheckItem,
    /// A word of the title of the kit to post.
    kit: &'static str,
}

const STARTERS: &[Starter] = &[
    Starter {
        title: "早安问候",
        groups: GroupKind::Sales,
        time: "08:00",
        weekdays: &[],
        ticks: CheckItem::MorningGreeting,
        kit: "早安",
    },
    Starter {
        title: "午间分享",
        groups: GroupKind::Sales,
        time: "12:00",
        weekdays: &[],
        ticks: CheckItem::NoonPost,
        kit: "午间",
    },
    Starter {
        title: "晚间合集",
        groups: GroupKind::Sales,
        time: "20:00",
        weekdays: &[],
        ticks: CheckItem::EveningPost,
        kit: "晚间",
    },
    Starter {
        title: "晒单时间",
        groups: GroupKind::Sales,
        time: "21:00",
        weekdays: &[7],
        ticks: CheckItem::OrderShowcase,
        kit: "买家秀",
    },
    Starter {
        title: "培训夜",
        groups: GroupKind::Training,
        time: "20:30",
        weekdays: &[3],
        ticks: CheckItem::Training,
        kit: "第 3 课",
    },
];

/// Adds the starter plans whose groups she has, starting today.
pub async fn add(pool: &SqlitePool, now: EpochSecs) -> Result<Vec<Plan>, PostingError> {
    add_from(pool, BizDay::of(now), now).await
}

/// The starters, beginning on `first_day`.
pub async fn add_from(pool: &SqlitePool, first_day: BizDay, now: EpochSecs) -> Result<Vec<Plan>, PostingError> {
    let mut added = Vec::new();
    for starter in STARTERS {
        let kit: Option<MaterialId> = sqlx::query_scalar(
            "SELECT id FROM materials WHERE archived_at IS NULL AND instr(title, ?1) > 0 ORDER BY id LIMIT 1",
        )
        .bind(starter.kit)
        .fetch_optional(pool)
        .await?;
        let draft = PlanDraft {
            title: starter.title.to_owned(),
            audience: Audience::Kind { kind: starter.groups },
            cadence: if starter.weekdays.is_empty() { PlanCadence::Daily } else { PlanCadence::Weekdays },
            weekdays: starter.weekdays.to_vec(),
            start: PlanStart::On,
            start_on: Some(first_day.to_string()),
            after_days: 0,
            ends: PlanEnds::Never,
            ends_on: None,
            times: None,
            time: starter.time.to_owned(),
            material_id: kit,
            ticks: Some(starter.ticks),
        };
        match plans::create(pool, &draft, now).await {
            Ok(plan) => added.push(plan),
            // She has no group of that kind yet: that plan waits for her.
            Err(FormError::Invalid { field: "audience", .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(added)
}

/// The starters from `first_day`, once: for a store that has no plan yet.
pub async fn add_if_none(pool: &SqlitePool, first_day: BizDay, now: EpochSecs) -> Result<Vec<Plan>, PostingError> {
    let plans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM post_plans").fetch_one(pool).await?;
    if plans > 0 {
        return Ok(Vec::new());
    }
    add_from(pool, first_day, now).await
}
