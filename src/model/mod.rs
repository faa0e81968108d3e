//! Domain types shared by every module: money, ids, Beijing business days,
//! statuses and the closed vocabularies of the business.

mod ids;
mod kinds;
mod money;
mod order_row;
mod status;
mod time;

pub use ids::*;
pub use kinds::*;
pub use money::{DecimalError, Money, RatePct};
pub use order_row::OrderRow;
pub use status::{OrderStatus, ValidCode};
pub use time::*;
