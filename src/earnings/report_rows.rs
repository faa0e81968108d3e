//! The lines of a report: what they are grouped by, what each is called, its figures and the rows
//! behind it. The report and its breakdowns both build them, so they live apart from either.

use crate::model::{BizDay, Lang, Message, Money, Platform};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportBy {
    Day,
    Week,
    Month,
    Group,
    Partner,
    Category,
    Status,
    Hour,
    Weekday,
    /// 京东联盟, 多多进宝 and 淘宝联盟, each platform in the report's scope.
    Platform,
}

impl ReportBy {
    /// Every grouping, for what must hold of each (the sums test, the benchmark).
    pub const ALL: [ReportBy; 10] = [
        ReportBy::Day,
        ReportBy::Week,
        ReportBy::Month,
        ReportBy::Group,
        ReportBy::Partner,
        ReportBy::Category,
        ReportBy::Status,
        ReportBy::Hour,
        ReportBy::Weekday,
        ReportBy::Platform,
    ];
}

/// Which rows stand behind one line of a report, for `rows_behind`. `key`
/// says which line of `by`: a group id (0 = no group), a partner id, a
/// cid1, an hour (0–23), a weekday (0 = Monday) or a status code (15
/// awaiting payment, 16 paid, 17 completed, 18 settled, any other code
/// invalid for that reason, `REFUNDED` the valid lines with units sent
/// back); by partner 0 is her own orders (under no partner); days, weeks,
/// months and platforms use `from`/`to` alone. `platform` is the report's
/// scope (by platform, the line's own): the rows behind are of that
/// platform only, of every platform when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Drill {
    pub by: ReportBy,
    pub key: i64,
    pub from: BizDay,
    pub to: BizDay,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub platform: Option<Platform>,
}

/// Where a line stands in its table: one of the lines, or the subtotal of the
/// block of lines just above it (by status: the valid ones, whose subtotal
/// is the total, then what was lost), so the window and the files set it apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowKind {
    #[default]
    Line,
    Subtotal,
}

/// The status drill key of the valid lines that lost commission to returned units.
pub const REFUNDED: i64 = -2;

/// What a report line is called. Her own names and figures in no language
/// cross as they are; anything the catalogs word crosses as its key, so the
/// window, the CLI and the files each word it in their own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Label {
    /// A group's or partner's name, `yyyy-MM-dd`, `yyyy-Www`, `yyyy-MM` or `HH:00`.
    Named(String),
    /// A category, a status, a weekday, the line of no group or of the
    /// other partners, the total.
    Worded(Message),
}

impl Label {
    pub fn worded(key: &str) -> Label {
        Label::Worded(Message::new(key))
    }

    pub fn render(&self, lang: Lang) -> String {
        match self {
            Label::Named(name) => name.clone(),
            Label::Worded(message) => message.render(lang),
        }
    }

    /// What lines of equal figures are ordered by here: the name, or the key
    /// (the window orders by the words it shows).
    fn order_text(&self) -> &str {
        match self {
            Label::Named(name) => name,
            Label::Worded(message) => &message.key,
        }
    }
}

/// A line not yet named; every line is named before it leaves the engine.
impl Default for Label {
    fn default() -> Label {
        Label::Named(String::new())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReportRow {
    pub label: Label,
    /// Estimated commission of valid orders placed in it.
    pub estimate_fen: Money,
    /// Of that, what has settled by today. By partner, the actual
    /// commission of her completed rows: `partner_daily` keeps no
    /// settlement month. By status, the estimate of invalid rows is what
    /// they would have earned.
    pub settled_fen: Money,
    /// Distinct valid orders; by category and status, order lines (one
    /// order's lines can fall in several).
    pub orders: i64,
    /// By partner: her whole team's estimate, hers included; none in a
    /// report of one platform (the team rollup keeps no platform).
    pub team_estimate_fen: Option<Money>,
    /// The rows behind this line; `None` for a line that sums the rest.
    pub drill: Option<Drill>,
    pub kind: RowKind,
}

/// What the range's order lines lost, beside the headline totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct ReportLosses {
    /// Order lines of any state placed in the range.
    pub rows: i64,
    pub valid_rows: i64,
    /// Commission lost to returned units.
    pub refunded_fen: Money,
    /// Commission lost to lines turned invalid.
    pub invalidated_fen: Money,
}

impl ReportRow {
    pub(super) fn new(label: Label, drill: Option<Drill>) -> ReportRow {
        ReportRow { label, drill, ..ReportRow::default() }
    }

    /// The subtotal of `lines`, called `label`.
    pub(super) fn subtotal<'a>(label: Label, lines: impl IntoIterator<Item = &'a ReportRow>) -> ReportRow {
        let mut out = ReportRow { label, kind: RowKind::Subtotal, ..ReportRow::default() };
        for line in lines {
            out.add(line.estimate_fen, line.settled_fen, line.orders);
        }
        out
    }

    /// Adds one rollup row's figures, stopping at i64's end rather than wrapping.
    pub(super) fn add(&mut self, estimate: Money, settled: Money, orders: i64) {
        self.estimate_fen = Money::from_fen(self.estimate_fen.fen().saturating_add(estimate.fen()));
        self.settled_fen = Money::from_fen(self.settled_fen.fen().saturating_add(settled.fen()));
        self.orders = self.orders.saturating_add(orders);
    }
}

/// Largest estimate first, then by label, as every keyed breakdown lists.
pub(super) fn largest_first(rows: &mut [ReportRow]) {
    rows.sort_by(|a, b| {
        b.estimate_fen.cmp(&a.estimate_fen).then_with(|| a.label.order_text().cmp(b.label.order_text()))
    });
}
