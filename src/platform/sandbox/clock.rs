//! The sandbox's "now". Frozen (tests, `sandbox serve`) it moves only when
//! told; ticking (the desktop demo) it follows the real clock plus whatever
//! it was advanced by.

use crate::model::{now_epoch, EpochSecs};
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug)]
pub struct VirtualClock {
    ticking: bool,
    /// Frozen: the instant itself. Ticking: the offset from the real clock.
    value: AtomicI64,
}

impl VirtualClock {
    pub fn frozen_at(at: EpochSecs) -> VirtualClock {
        VirtualClock { ticking: false, value: AtomicI64::new(at) }
    }

    pub fn ticking_from(at: EpochSecs) -> VirtualClock {
        VirtualClock { ticking: true, value: AtomicI64::new(at - now_epoch()) }
    }

    pub fn now(&self) -> EpochSecs {
        let value = self.value.load(Ordering::SeqCst);
        if self.ticking {
            now_epoch() + value
        } else {
            value
        }
    }

    pub fn advance(&self, seconds: i64) -> EpochSecs {
        self.value.fetch_add(seconds, Ordering::SeqCst);
        self.now()
    }
}
