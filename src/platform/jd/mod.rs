//! The JD Union (京东联盟) open API client: signing, wire format and calls.

mod client;
mod flex;
pub mod positions;
pub mod promotion;
pub mod sign;
mod wire;

pub use client::{JdClient, OrderQuery, ORDER_ROW_QUERY, POSITION_CREATE, POSITION_QUERY, PROMOTION_BY_SUB_UNION_ID};
pub use wire::{bounds, read_row, OrderPage};
