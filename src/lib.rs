//! Tuanzhang (团长工作台) engine: everything that is not a window. The
//! desktop shell and the CLI are thin adapters over these rooms, each named
//! for what it owns (see docs/ARCHITECTURE.md).
// Tests may unwrap; the shipped code says why a value cannot fail or returns the error.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod account;
pub mod care;
pub mod charts;
pub mod courses;
pub mod demo;
pub mod earnings;
pub mod error;
pub mod files;
pub mod groups;
pub mod links;
pub mod materials;
pub mod media;
pub mod model;
pub mod payouts;
pub mod platform;
pub mod posting;
pub mod store;
pub mod sync;
pub mod team;
pub mod upkeep;

#[cfg(test)]
mod sql_prepare;
