//! The JD Union (京东联盟) open API client: signing, wire format and HTTP.

mod client;
mod error;
pub mod positions;
pub mod sign;
mod wire;

pub use client::{
    Answered, JdClient, JdCredentials, OrderQuery, DEFAULT_TIMEOUT, ORDER_ROW_QUERY, POSITION_CREATE, POSITION_QUERY,
};
pub use error::{ErrorClass, JdError};
pub use wire::OrderPage;
