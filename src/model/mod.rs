//! Domain types every room shares: ids, money, Beijing days, statuses, paging, field rules, contact masking.

pub mod contact;
pub mod fields;
mod ids;
mod kinds;
mod lang;
mod money;
mod order_row;
pub mod paging;
mod status;
mod time;

pub use ids::*;
pub use kinds::*;
pub use lang::Lang;
pub use money::{DecimalError, Money, RatePct};
pub use order_row::{OrderRow, RejectedRow};
pub use status::{OrderStatus, ValidCode};
pub use time::*;
