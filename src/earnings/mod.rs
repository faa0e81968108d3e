//! Her commission: the dashboard, daily trends and where a month's money went.

mod dashboard;
pub mod money_explained;

pub use dashboard::*;
