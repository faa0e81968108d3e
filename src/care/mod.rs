//! Caring for the team: the contact log, reward and penalty rules, the first-week plan and today's list.

pub mod log;
mod notices;
mod onboarding;
pub mod rules;
mod today;

pub use log::{history, record, CareEntry, CareInput};
pub use notices::{announce, Notice};
pub use onboarding::{plan, set_step, set_step_and_plan, StepStatus, ONBOARDING_DAYS};
pub use rules::{create_rule, list_rules, set_rule_active, CareRule};
pub use today::{today, today_by_settings, DormantGroup, DueStep, PartnerToContact, TodayTasks};

/// The care forms' refusals, at the field they concern.
pub type CareError = crate::model::FormError;

fn no_partner() -> CareError {
    crate::model::FormError::not_found("team.partner.notFound")
}

/// Every SQL text the care room builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let mut texts = today::today_sql().to_vec();
    texts.push(onboarding::plan_sql());
    texts
}
