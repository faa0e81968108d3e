//! Every list that can grow is paged end to end.

use serde::{Deserialize, Serialize};

pub const MAX_PAGE_SIZE: u32 = 200;

#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PageRequest {
    pub offset: u32,
    pub limit: u32,
}

impl PageRequest {
    pub fn limit(self) -> i64 {
        i64::from(self.limit.clamp(1, MAX_PAGE_SIZE))
    }

    pub fn offset(self) -> i64 {
        i64::from(self.offset)
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: u32,
}

/// A page of a list read by key rather than by offset: every page costs
/// the same however far in it is, but the reader only knows whether there
/// is more on either side, not where it stands (the window counts that).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyedPage<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub more_before: bool,
    pub more_after: bool,
    /// The row the page was asked to start next to is gone (or nothing is
    /// left past it), so this is the first page: the window starts counting
    /// again.
    pub restarted: bool,
}
