//! The platforms she earns on: the JD Union, 多多进宝 and 淘宝联盟 clients over
//! one signed transport, and the sandboxes that imitate them.

mod client;
mod error;
pub mod http;
pub mod jd;
pub mod pdd;
pub mod sandbox;
pub mod signing;
pub mod taobao;

pub use client::{read_row, PlatformClient};
pub use error::{ErrorClass, PlatformError, Refusal, MAX_WAIT_WITHIN_RUN_SECS};
