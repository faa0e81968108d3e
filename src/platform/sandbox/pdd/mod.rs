//! The 多多进宝 simulator on loopback (`../shared/PLATFORMS.md` D): its
//! gateway at `/api/router` with the platform's signature, client id,
//! timestamp, window and page checks, seeded orders living through the
//! platform's statuses on a virtual clock, and the admin routes of the JD
//! sandbox (`/admin/summary`, `/admin/clock/advance`, `/admin/faults`).

pub mod dataset;
pub mod gateway;
mod server;

pub use dataset::{PddDataset, PddDatasetConfig};
pub use gateway::PddCodes;

use super::{FaultSettings, Faults, Running, SandboxConfig, Summary, VirtualClock};
use crate::model::RowId;
use crate::platform::pdd::wire::{earns_actual, valid_code_of};
use dataset::NO_PERSON;
use gateway::{row_id, Credentials, HORIZON_SECS};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub struct PddSandbox {
    pub dataset: PddDataset,
    pub clock: VirtualClock,
    faults: Faults,
    credentials: Credentials,
    codes: PddCodes,
    /// Seconds the clock moves after each order page it answers: orders
    /// change while a client walks its pages, as on the live platform.
    clock_step_per_page: AtomicI64,
}

impl PddSandbox {
    pub fn new(config: SandboxConfig) -> PddSandbox {
        PddSandbox::with_codes(config, PddCodes::default())
    }

    /// A sandbox answering the undocumented refusals with `codes`.
    pub fn with_codes(config: SandboxConfig, codes: PddCodes) -> PddSandbox {
        let clock = if config.ticking {
            VirtualClock::ticking_from(config.anchor)
        } else {
            VirtualClock::frozen_at(config.anchor)
        };
        let dataset = PddDataset::generate(PddDatasetConfig {
            seed: config.seed,
            rows_per_day: config.rows_per_day,
            anchor: config.anchor,
            history_days: config.history_days,
            future_days: config.future_days,
            exact_hourly_rows: config.exact_hourly_rows,
            person_prefix: config.sub_union_prefix,
        });
        PddSandbox {
            dataset,
            clock,
            faults: Faults::new(config.seed),
            credentials: Credentials { client_id: config.app_key, client_secret: config.app_secret },
            codes,
            clock_step_per_page: AtomicI64::new(0),
        }
    }

    pub fn set_faults(&self, settings: FaultSettings) {
        self.faults.set(settings);
    }

    /// Moves the virtual clock `seconds` on after every order page answered.
    pub fn step_clock_per_page(&self, seconds: i64) {
        self.clock_step_per_page.store(seconds, Ordering::SeqCst);
    }

    pub fn summary(&self) -> Summary {
        self.summary_except(&HashSet::new())
    }

    /// The totals over every row the API can return right now (updated in
    /// the last 90 days), with the meaning of the client's stored totals:
    /// fees net of the software fee, the actual fee only once received,
    /// rows by the unified valid code, places and people counted apart.
    /// Rows named in `except` (by the id a client stores) are left out.
    pub fn summary_except(&self, except: &HashSet<i64>) -> Summary {
        let now = self.clock.now();
        let mut summary = Summary::default();
        let (mut places, mut persons) = (HashSet::new(), HashSet::new());
        for row in &self.dataset.rows {
            let Some(state) = self.dataset.state_at(row, now) else { continue };
            if state.modify_at < now - HORIZON_SECS || except.contains(&row_id(row).0) {
                continue;
            }
            let net = self.dataset.money(row).net();
            summary.rows += 1;
            summary.estimate_fee_fen += net;
            if earns_actual(state.status) {
                summary.actual_fee_fen += net;
            }
            *summary.rows_by_valid_code.entry(valid_code_of(state.status).0.to_string()).or_default() += 1;
            places.insert(row.place);
            if row.person != NO_PERSON {
                persons.insert(row.person);
            }
        }
        // One order_sn is one order: PDD orders hold one goods each.
        summary.orders = summary.rows;
        summary.positions = places.len() as u64;
        summary.sub_union_ids = persons.len() as u64;
        summary
    }

    /// The id a client stores each row under, for tests that name rows.
    pub fn row_ids(&self) -> impl Iterator<Item = RowId> + '_ {
        self.dataset.rows.iter().map(row_id)
    }

    /// Serves the sandbox on `addr` (port 0 picks a free one) until the
    /// returned handle is dropped.
    pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> std::io::Result<RunningPddSandbox> {
        Running::serve(self, addr).await
    }
}

/// 多多进宝's sandbox served.
pub type RunningPddSandbox = Running<PddSandbox>;
