//! 分润: what she owes each partner for her own sales, month by month, in an
//! append-only ledger; payments she made outside the app; statements a
//! partner can read. The plan shapes the law allows are the only ones the
//! plan can express (`plan`).

pub mod accounting;
pub mod audit;
pub mod booking;
pub mod close;
pub mod entries;
pub mod pay_codes;
pub mod payment_list;
pub mod plan;
pub mod statement;
pub mod statement_files;
pub mod statements;

pub use close::{close, months, verify, CloseOutcome, LedgerMonths, MonthCheck, OpenMonth};
pub use entries::{adjust, record_payment, void_payment, AdjustmentInput, PaymentInput, PaymentOutcome};
pub use plan::{Plan, PlanInput};
pub use statement::Statement;
pub use statements::{
    month_statements, partner_balance, partner_statement, pay_list, preview, reminder, set_plan, MonthStatements,
    PartnerBalance, PayListRow, PayoutReminder, PlanPreview, StatementRow,
};
