//! Domain types every room shares: ids, money, Beijing days, statuses, paging, field rules, contact
//! masking, the messages the window words and the refusal every form shares.

mod bounded;
mod clawback;
pub mod contact;
pub mod fields;
mod form_error;
mod ids;
mod kinds;
mod lang;
mod message;
mod money;
mod order_row;
pub mod paging;
mod platform;
mod punishment;
mod status;
mod time;

pub use bounded::{at_most, AtMost};
pub use clawback::{Clawback, TAKEN_FROM_HER};
pub use form_error::{is_foreign_key_violation, is_unique_violation, FormError};
pub use ids::*;
pub use kinds::*;
pub use lang::Lang;
pub use message::Message;
pub use money::{DecimalError, Money, RatePct};
pub use order_row::{OrderRow, RejectedRow, RowPlace, Settlement, StoredOrderRow, ORDER_ROW_COLUMNS, ORDER_ROW_WIDTH};
pub use platform::Platform;
pub use punishment::{Punishment, UNFROZEN};
pub(crate) use status::valid_code_sql;
pub use status::{OrderStatus, ValidCode};
pub use time::*;
