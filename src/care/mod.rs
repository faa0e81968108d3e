//! Caring for the team (the gardening of DOMAIN.md): a log of every contact,
//! reward and penalty; the rules rewards and penalties cite; a first-week
//! plan for new partners; and today's list of who and what needs her.

mod log;
mod notices;
mod onboarding;
mod rules;
mod today;

pub use log::{history, record, CareEntry, CareInput};
pub use notices::{announce, Notice};
pub use onboarding::{plan, set_step, StepStatus, ONBOARDING_DAYS};
pub use rules::{create_rule, list_rules, set_rule_active, CareRule};
pub use today::{today, today_by_settings, DormantGroup, DueStep, PartnerToContact, TodayTasks, UncheckedPosts};

#[derive(Debug, thiserror::Error)]
pub enum CareError {
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("没有这位伙伴 / no such partner")]
    NoPartner,
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

fn invalid(field: &'static str, message: impl Into<String>) -> CareError {
    CareError::Invalid { field, message: message.into() }
}
