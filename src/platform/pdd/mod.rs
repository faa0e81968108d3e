//! 多多进宝 (`pdd.ddk.*`): signing, the order list's wire format and its
//! client (`../shared/PLATFORMS.md`, part A).

mod client;
pub mod sign;
pub mod wire;

pub use client::{OrderListQuery, PddClient, MAX_PAGE_SIZE, MIN_PAGE_SIZE, ORDER_LIST_INCREMENT};
pub use wire::{PddPage, PddSubsidy};
