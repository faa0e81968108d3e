//! Her commission: the dashboard and its headline, reports over any range, daily trends and where a month's money went.

mod dashboard;
pub mod headline;
pub mod money_explained;
pub mod report;

pub use dashboard::*;
