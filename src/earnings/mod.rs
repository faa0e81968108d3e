//! Her commission: the dashboard and its headline, reports over any range, daily trends and where a month's money went.

pub mod breakdowns;
pub mod categories;
pub mod cohort;
mod dashboard;
pub mod headline;
pub mod money_explained;
mod partner_ranking;
pub mod report;
pub mod report_file;
pub mod risk;
pub mod rows_behind;
pub mod settlements;

pub use dashboard::*;
