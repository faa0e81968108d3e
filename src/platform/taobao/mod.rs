//! 淘宝联盟 (`taobao.tbk.*`): signing, the order client and its wire format
//! (`../shared/PLATFORMS.md`, part B).

mod client;
pub mod sign;
mod wire;

pub use client::{OrderDetailsQuery, TaobaoClient};
pub use wire::{is_refused_cursor, pay_day, read_row, valid_code, DetailsPage, ORDER_DETAILS_GET, PAY_DAY_OF_MONTH};
