//! Tuanzhang (团长工作台) engine: everything that is not a window. The
//! desktop shell and the CLI are thin adapters over these modules.

pub mod accounts;
pub mod app_error;
pub mod care;
pub mod charts;
pub mod demo;
pub mod earnings;
pub mod export;
pub mod fields;
pub mod groups;
pub mod import;
pub mod materials;
pub mod model;
pub mod money_explained;
pub mod paging;
pub mod positions;
pub mod sandbox;
pub mod secrets;
pub mod settings;
pub mod stats;
pub mod store;
pub mod sync;
pub mod tabular;
pub mod team;
