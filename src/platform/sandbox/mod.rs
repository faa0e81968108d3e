//! The JD Union simulator on loopback: seeded data, a virtual clock and faults, for the demo and every test.

mod admin;
pub(crate) mod catalog;
mod clock;
pub mod dataset;
mod faults;
pub mod gateway;
pub mod pdd;
pub mod positions;
mod promotion;
mod replies;
pub mod rng;
mod running;
mod served;
mod server;
pub mod summary;
pub mod taobao;

pub use clock::VirtualClock;
pub use dataset::{Dataset, DatasetConfig};
pub use faults::{FaultSettings, Faults};
pub use running::{answer, Running};
pub use summary::Summary;

use crate::model::EpochSecs;
use gateway::Credentials;
use std::net::SocketAddr;
use std::sync::Arc;

pub const DEMO_APP_KEY: &str = "demo-app-key";
pub const DEMO_APP_SECRET: &str = "demo-app-secret";

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub seed: u64,
    pub rows_per_day: u32,
    pub anchor: EpochSecs,
    pub history_days: i64,
    pub future_days: i64,
    pub app_key: String,
    pub app_secret: String,
    /// Whether the virtual clock follows real time (demo) or stays put (tests).
    pub ticking: bool,
    /// See `DatasetConfig::exact_hourly_rows`.
    pub exact_hourly_rows: Option<Vec<u32>>,
    /// See `DatasetConfig::sub_union_prefix`.
    pub sub_union_prefix: &'static str,
}

impl SandboxConfig {
    /// A busy head KOC's volume: several hundred order rows a day.
    pub fn new(seed: u64, anchor: EpochSecs) -> SandboxConfig {
        SandboxConfig {
            seed,
            rows_per_day: 400,
            anchor,
            history_days: dataset::HISTORY_DAYS,
            future_days: 30,
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: DEMO_APP_SECRET.to_owned(),
            ticking: false,
            exact_hourly_rows: None,
            sub_union_prefix: "p",
        }
    }
}

pub struct Sandbox {
    pub dataset: Dataset,
    pub clock: VirtualClock,
    pub positions: positions::PositionBook,
    faults: Faults,
    credentials: Credentials,
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Sandbox {
        let clock = if config.ticking {
            VirtualClock::ticking_from(config.anchor)
        } else {
            VirtualClock::frozen_at(config.anchor)
        };
        let dataset = Dataset::generate(DatasetConfig {
            seed: config.seed,
            rows_per_day: config.rows_per_day,
            anchor: config.anchor,
            history_days: config.history_days,
            future_days: config.future_days,
            exact_hourly_rows: config.exact_hourly_rows,
            sub_union_prefix: config.sub_union_prefix,
        });
        let positions = positions::PositionBook::new(
            dataset.positions.iter().map(|p| positions::PositionEntry { id: p.id, name: p.name.clone() }).collect(),
        );
        Sandbox {
            dataset,
            clock,
            positions,
            faults: Faults::new(config.seed),
            credentials: Credentials { app_key: config.app_key, app_secret: config.app_secret },
        }
    }

    pub fn set_faults(&self, settings: FaultSettings) {
        self.faults.set(settings);
    }

    pub fn summary(&self) -> Summary {
        summary::summarize(&self.dataset, self.clock.now())
    }

    /// The summary without the rows named by id.
    pub fn summary_except(&self, except: &std::collections::HashSet<i64>) -> Summary {
        summary::summarize_except(&self.dataset, self.clock.now(), except)
    }

    /// Serves the sandbox on `addr` (port 0 picks a free one) until the
    /// returned handle is dropped.
    pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> std::io::Result<RunningSandbox> {
        Running::serve(self, addr).await
    }
}

/// JD Union's sandbox served.
pub type RunningSandbox = Running<Sandbox>;
