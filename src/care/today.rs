//! Today's list: onboarding steps due, partners whose last recorded contact
//! is older than the care rhythm, and groups with no order for too long.

use super::onboarding::{statuses, FirstWeek, ONBOARDING_DAYS, PROGRESS_COLUMNS};
use crate::groups::{self, FallingGroup};
use crate::model::{BizDay, GroupId, OnboardingStep, PartnerId};
use crate::store::settings;
use serde::Serialize;
use sqlx::SqlitePool;

/// How many partners to contact the list shows at once (the total is given).
const CONTACT_LIMIT: i64 = 20;
/// How many onboarding steps the list shows at once (the total is given):
/// importing a cohort can make hundreds due on one day.
const ONBOARDING_LIMIT: usize = 30;

/// A partner in her first week, as read for today's list.
#[derive(sqlx::FromRow)]
struct Newcomer {
    id: i64,
    name: String,
    #[sqlx(flatten)]
    week: FirstWeek,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DueStep {
    pub partner_id: PartnerId,
    pub name: String,
    pub step: OnboardingStep,
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct PartnerToContact {
    #[sqlx(rename = "id")]
    pub partner_id: PartnerId,
    pub name: String,
    /// The last recorded contact, if any.
    #[sqlx(rename = "last")]
    pub last_contact: Option<BizDay>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct DormantGroup {
    #[sqlx(rename = "id")]
    pub group_id: GroupId,
    pub name: String,
    /// The last order, if any.
    #[sqlx(rename = "last")]
    pub last_order: Option<BizDay>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TodayTasks {
    /// The earliest joiners' steps first.
    pub onboarding: Vec<DueStep>,
    pub onboarding_total: i64,
    pub contact: Vec<PartnerToContact>,
    pub contact_total: i64,
    pub dormant_groups: Vec<DormantGroup>,
    /// Groups of 200+ members whose last week fell below 80% of a usual week.
    pub falling_groups: Vec<FallingGroup>,
    pub care_days: i64,
    pub dormant_days: i64,
}

/// Who is on the care rhythm: her direct downline (top level of the tree)
/// and everyone with a mentor assigned.
const CARED_FOR: &str = "p.is_placeholder = 0 AND (p.parent_id IS NULL OR p.mentor_id IS NOT NULL)";

/// How many are overdue for contact (last contact `?1` or earlier, or
/// never), the first `?2` of them, and who joined between `?1` and `?2`.
pub(super) fn today_sql() -> [String; 3] {
    let overdue = format!(
        "SELECT p.id, p.name, MAX(l.day) AS last FROM partners p LEFT JOIN care_log l ON l.partner_id = p.id
         WHERE {CARED_FOR} GROUP BY p.id HAVING last IS NULL OR last <= ?1"
    );
    [
        format!("SELECT COUNT(*) FROM ({overdue})"),
        format!("{overdue} ORDER BY last IS NOT NULL, last, p.id LIMIT ?2"),
        format!(
            "SELECT p.id, p.name, p.joined_on, {PROGRESS_COLUMNS} FROM partners p
             WHERE p.is_placeholder = 0 AND p.joined_on BETWEEN ?1 AND ?2 ORDER BY p.joined_on, p.id"
        ),
    ]
}

/// Today's list with the care rhythm and dormancy days from the settings.
pub async fn today_by_settings(pool: &SqlitePool, today_is: BizDay) -> Result<TodayTasks, sqlx::Error> {
    let settings = settings::load(pool).await?;
    today(pool, today_is, i64::from(settings.care_days), i64::from(settings.dormant_days)).await
}

pub async fn today(
    pool: &SqlitePool,
    today: BizDay,
    care_days: i64,
    dormant_days: i64,
) -> Result<TodayTasks, sqlx::Error> {
    let contact_before = today.add_days(-care_days);
    let [count_overdue, overdue, newcomers] = today_sql();
    // Assembled from constant fragments only.
    let contact_total: i64 =
        sqlx::query_scalar(sqlx::AssertSqlSafe(count_overdue)).bind(contact_before).fetch_one(pool).await?;
    let contact =
        sqlx::query_as(sqlx::AssertSqlSafe(overdue)).bind(contact_before).bind(CONTACT_LIMIT).fetch_all(pool).await?;

    let newcomers: Vec<Newcomer> = sqlx::query_as(sqlx::AssertSqlSafe(newcomers))
        .bind(today.add_days(1 - ONBOARDING_DAYS))
        .bind(today)
        .fetch_all(pool)
        .await?;
    let mut onboarding = Vec::new();
    for newcomer in newcomers {
        let Some(joined) = newcomer.week.joined_on.day else { continue };
        let (id, name) = (newcomer.id, &newcomer.name);
        for status in
            statuses(joined, newcomer.week.progress()).into_iter().filter(|s| !s.done && s.due_on <= today.to_string())
        {
            onboarding.push(DueStep {
                partner_id: PartnerId(id),
                name: name.clone(),
                step: status.step,
                due_on: status.due_on,
            });
        }
    }
    let onboarding_total = onboarding.len() as i64;
    onboarding.truncate(ONBOARDING_LIMIT);

    let quiet_since = today.add_days(-dormant_days);
    let dormant_groups = sqlx::query_as(
        "SELECT g.id, g.name, MAX(r.day) AS last FROM groups g
         LEFT JOIN daily_rollup r ON r.group_id = g.id AND r.pay_month = 0 AND r.orders > 0
         WHERE g.archived_at IS NULL AND g.created_at <= ?2
         GROUP BY g.id HAVING last IS NULL OR last <= ?1 ORDER BY last IS NOT NULL, last, g.id",
    )
    .bind(quiet_since)
    .bind(quiet_since.start())
    .fetch_all(pool)
    .await?;

    let falling_groups = groups::falling(pool, today).await?;
    Ok(TodayTasks {
        onboarding,
        onboarding_total,
        contact,
        contact_total,
        dormant_groups,
        falling_groups,
        care_days,
        dormant_days,
    })
}
