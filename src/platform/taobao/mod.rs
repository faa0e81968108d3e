//! 淘宝联盟 (`taobao.tbk.*`): signing, the order client and its wire format
//! (`../shared/PLATFORMS.md`, part B), and the 维权 and punished-order
//! lists beside the orders.

mod client;
mod punish;
mod refunds;
pub mod sign;
mod wire;

use crate::model::{OrderRow, RejectedRow};
use serde_json::value::RawValue;

pub use client::{OrderDetailsQuery, OrderScene, PunishQuery, RefundQuery, TaobaoClient};
pub use punish::{PunishPage, DG_PUNISH_ORDER_GET};
pub use refunds::{RefundPage, ORDER_REFUND_GET};
pub use wire::{is_refused_cursor, pay_day, valid_code, DetailsPage, ORDER_DETAILS_GET, PAY_DAY_OF_MONTH};

/// Reads one order row set aside earlier. A 维权 or punished-order row is
/// set aside beside the order rows: it is set aside again, never read as
/// an order.
pub fn read_row(raw: &RawValue) -> Result<OrderRow, RejectedRow> {
    match refunds::not_an_order(raw).or_else(|| punish::not_an_order(raw)) {
        Some(rejected) => Err(rejected),
        None => wire::read_row(raw),
    }
}
