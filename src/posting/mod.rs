//! The daily posting plan (发帖): rules over groups that say what to post
//! where and when, today's queue with each group's copy, the log of what
//! she posted or skipped, and what each post brought. WeChat itself is
//! never touched: she posts by hand and the app remembers.

pub mod log;
pub mod plans;
pub mod queue;
pub mod results;
pub mod rule;
pub mod settings;
pub mod starter;

pub use log::{LogAction, PostChange};
pub use plans::{Audience, Plan, PlanDraft};
pub use queue::{queue, Post, Queue};
pub use settings::PostingSettings;

use crate::model::{FormError, Message};

/// The plan form's and the log's refusals, at the field they concern.
pub type PostingError = FormError;

fn invalid(field: &'static str, message: Message) -> PostingError {
    FormError::invalid(field, message)
}
