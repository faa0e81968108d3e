//! Caring for the team: the contact log, reward and penalty rules, the first-week plan and today's list.

mod log;
mod notices;
mod onboarding;
mod rules;
mod today;

pub use log::{history, record, CareEntry, CareInput};
pub use notices::{announce, Notice};
pub use onboarding::{plan, set_step, set_step_and_plan, StepStatus, ONBOARDING_DAYS};
pub use rules::{create_rule, list_rules, set_rule_active, CareRule};
pub use today::{today, today_by_settings, DormantGroup, DueStep, PartnerToContact, TodayTasks};

/// The care forms' refusals, at the field they concern.
pub type CareError = crate::error::FormError;

fn no_partner() -> CareError {
    crate::error::FormError::not_found("team.partner.notFound")
}
