//! Her commission: the dashboard and its headline, reports over any range, daily trends and where a month's money went.

pub mod breakdowns;
pub mod categories;
pub mod cohort;
pub mod compare;
mod dashboard;
pub mod headline;
mod lines_page;
pub mod money_explained;
mod partner_ranking;
pub mod report;
pub mod report_file;
pub mod report_rows;
pub mod risk;
pub mod rows_behind;
pub mod settlements;

pub use dashboard::*;

/// Every SQL text the earnings room builds at run time (each report
/// grouping, breakdown, drill kind and month line once), for the prepare
/// test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let mut texts: Vec<String> = report::Per::ALL.map(report::read_sql).to_vec();
    texts.extend(breakdowns::built_sql());
    texts.extend(risk::built_sql());
    texts.extend(rows_behind::built_sql());
    texts.extend(settlements::built_sql());
    texts.extend(money_explained::built_sql());
    texts
}
