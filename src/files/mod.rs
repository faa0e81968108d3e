//! Files that come from or go to Excel and WPS: tabular reading, imports with per-row errors, exports.

pub mod archive;
pub mod export;
pub mod import;
pub mod names;
pub mod tabular;
