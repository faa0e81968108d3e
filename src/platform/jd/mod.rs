//! The JD Union (京东联盟) open API client: signing, wire format and HTTP.

mod client;
mod error;
mod flex;
pub mod positions;
pub mod promotion;
pub mod sign;
mod wire;

pub use client::{
    check_gateway, is_loopback, Answered, JdClient, JdCredentials, OrderQuery, DEFAULT_TIMEOUT, MAX_BODY_BYTES,
    ORDER_ROW_QUERY, POSITION_CREATE, POSITION_QUERY, PROMOTION_BY_SUB_UNION_ID,
};
pub use error::{ErrorClass, JdError};
pub use wire::{bounds, read_row, OrderPage};
