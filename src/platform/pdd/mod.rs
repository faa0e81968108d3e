//! 多多进宝 (`pdd.ddk.*`): its signing first; the order client and its
//! sandbox follow (`../shared/PLATFORMS.md`, part A).

pub mod sign;
