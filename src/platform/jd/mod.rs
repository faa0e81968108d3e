//! The JD Union (京东联盟) open API client: signing, wire format and HTTP.

mod client;
mod error;
mod flex;
pub mod positions;
pub mod sign;
mod wire;

pub use client::{
    check_gateway, is_loopback, Answered, JdClient, JdCredentials, OrderQuery, DEFAULT_TIMEOUT, MAX_BODY_BYTES,
    ORDER_ROW_QUERY, POSITION_CREATE, POSITION_QUERY,
};
pub use error::{ErrorClass, JdError};
pub use wire::{bounds, read_row, OrderPage};
