//! The first week of a new partner: five steps with a due day each, ticked
//! by hand or by the data (a mentor set, a first attributed valid order).

use super::{no_partner, CareError};
use crate::model::{BizDay, OnboardingStep, PartnerId, StoredDay};
use serde::Serialize;
use sqlx::SqlitePool;

/// How long a partner counts as new, from the day she joined.
pub const ONBOARDING_DAYS: i64 = 7;

/// Each step and the day of her first week (0 = the day she joined) it is due.
pub const STEPS: [(OnboardingStep, i64); 5] = [
    (OnboardingStep::JoinedGroup, 0),
    (OnboardingStep::MentorAssigned, 0),
    (OnboardingStep::FirstTraining, 2),
    (OnboardingStep::FirstShare, 4),
    (OnboardingStep::FirstOrder, 6),
];

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StepStatus {
    pub step: OnboardingStep,
    /// `yyyy-MM-dd`
    pub due_on: String,
    pub done: bool,
    /// Ticked by the data rather than by hand.
    pub by_data: bool,
}

/// Her plan, or an empty one when she has no joined date.
pub async fn plan(pool: &SqlitePool, partner: PartnerId) -> Result<Vec<StepStatus>, sqlx::Error> {
    let found: Option<FirstWeek> =
        sqlx::query_as(sqlx::AssertSqlSafe(plan_sql())).bind(partner).fetch_optional(pool).await?;
    let Some(week) = found else { return Ok(Vec::new()) };
    let Some(joined) = week.joined_on.day else { return Ok(Vec::new()) };
    Ok(statuses(joined, week.progress()))
}

pub(super) fn plan_sql() -> String {
    format!("SELECT joined_on, {PROGRESS_COLUMNS} FROM partners p WHERE p.id = ?1")
}

/// What the data says of a partner `p`'s first week: a mentor assigned, a
/// first valid attributed order (from the partner rollup), and the steps
/// ticked by hand, comma-separated.
pub(super) const PROGRESS_COLUMNS: &str = "p.mentor_id IS NOT NULL AS has_mentor,
     EXISTS (SELECT 1 FROM partner_daily d WHERE d.partner_id = p.id AND d.orders > 0) AS ordered,
     (SELECT group_concat(step) FROM onboarding_steps s WHERE s.partner_id = p.id) AS ticked,
     EXISTS (SELECT 1 FROM lesson_progress lp
             JOIN course_lessons l ON l.course_id = lp.course_id AND l.material_id = lp.material_id
             WHERE lp.partner_id = p.id AND (l.pass_score IS NULL OR lp.score >= l.pass_score)) AS trained";

/// A partner's joined day and `PROGRESS_COLUMNS`, as read.
#[derive(sqlx::FromRow)]
pub(super) struct FirstWeek {
    #[sqlx(try_from = "Option<i64>")]
    pub joined_on: StoredDay,
    pub has_mentor: bool,
    pub ordered: bool,
    pub ticked: Option<String>,
    pub trained: bool,
}

impl FirstWeek {
    pub fn progress(&self) -> Progress<'_> {
        Progress {
            has_mentor: self.has_mentor,
            ordered: self.ordered,
            ticked: self.ticked.as_deref().unwrap_or(""),
            trained: self.trained,
        }
    }
}

pub(super) struct Progress<'a> {
    pub has_mentor: bool,
    pub ordered: bool,
    pub ticked: &'a str,
    /// A first lesson of a course done.
    pub trained: bool,
}

pub(super) fn statuses(joined: BizDay, progress: Progress<'_>) -> Vec<StepStatus> {
    STEPS
        .iter()
        .map(|(step, offset)| {
            let by_data = match step {
                OnboardingStep::MentorAssigned => progress.has_mentor,
                OnboardingStep::FirstOrder => progress.ordered,
                OnboardingStep::FirstTraining => progress.trained,
                _ => false,
            };
            StepStatus {
                step: *step,
                due_on: joined.add_days(*offset).to_string(),
                done: by_data || progress.ticked.split(',').any(|t| t == step.as_str()),
                by_data,
            }
        })
        .collect()
}

/// Ticks (or unticks) a step by hand.
pub async fn set_step(
    pool: &SqlitePool,
    partner: PartnerId,
    step: OnboardingStep,
    done: bool,
    day: BizDay,
) -> Result<(), CareError> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(partner).fetch_optional(pool).await?;
    if exists.is_none() {
        return Err(no_partner());
    }
    if done {
        sqlx::query("INSERT OR IGNORE INTO onboarding_steps (partner_id, step, done_on) VALUES (?1, ?2, ?3)")
            .bind(partner)
            .bind(step.as_str())
            .bind(day)
            .execute(pool)
            .await?;
    } else {
        sqlx::query("DELETE FROM onboarding_steps WHERE partner_id = ?1 AND step = ?2")
            .bind(partner)
            .bind(step.as_str())
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Ticks or unticks a step and reads the plan back, as the window shows it after a click.
pub async fn set_step_and_plan(
    pool: &SqlitePool,
    partner: PartnerId,
    step: OnboardingStep,
    done: bool,
    day: BizDay,
) -> Result<Vec<StepStatus>, CareError> {
    set_step(pool, partner, step, done, day).await?;
    Ok(plan(pool, partner).await?)
}
