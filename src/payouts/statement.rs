//! One partner's statement for one month: what a partner may read about her
//! own money, and nothing else. Built by `statements::partner_statement`,
//! drawn by `statement_files`; every field here may reach the partner, so
//! nothing of another partner, of a group or of her own margin belongs here.

use crate::model::{BizDay, Money, RatePct};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// `yyyy-MM`.
    pub month: String,
    /// Her display name for the partner (the name she keeps in 团队).
    pub partner_name: String,
    /// `TZ-yyyyMM-<partner id>`: the number both sides quote.
    pub number: String,
    pub closed: bool,
    /// The day the figures were read (for the pending section's "as of").
    pub as_of: BizDay,
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    pub earned: Money,
    pub override_share: Money,
    pub reversed: Money,
    pub adjusted: Money,
    pub paid: Money,
    pub closing: Money,
    /// What she may be paid now: the closing balance when it reaches the
    /// minimum, else zero (it rolls over).
    pub payable: Money,
    pub minimum: Money,
    pub pending: Vec<PendingLine>,
    pub pending_total: Money,
    /// Pending lines beyond those listed (the list is bounded).
    pub pending_more: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum StatementLineKind {
    Commission,
    Override,
    Reversal,
    Adjustment,
    Payment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StatementLine {
    pub kind: StatementLineKind,
    /// The order's day for order lines; the day entered for the others.
    pub day: BizDay,
    /// The order id with all but its last four digits masked (`****1234`).
    pub order: Option<String>,
    pub product: Option<String>,
    /// What the buyer paid for the order line (not the platform's
    /// commission on it: that would tell the partner the head's margin).
    pub paid: Option<Money>,
    pub rate: Option<RatePct>,
    pub amount: Money,
    /// Adjustments: why; reversals: which statement held the original;
    /// payments: the method and reference.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PendingLine {
    pub day: BizDay,
    pub order: String,
    pub product: String,
    /// What the buyer paid for the order line.
    pub paid: Money,
    pub rate: RatePct,
    pub amount: Money,
}

/// `****1234`: enough to find the order together, not to look it up.
pub fn mask_order(order: &str) -> String {
    let chars: Vec<char> = order.chars().collect();
    let last: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("****{last}")
}
