//! The 淘宝联盟 simulator on loopback (`../shared/PLATFORMS.md` D): TOP's
//! gateway at `/router/rest` with its signature (`md5` and `hmac`), app
//! key and GMT+8 timestamp checks, `taobao.tbk.order.details.get` with its
//! window, horizon, cursor and page limits and codes, seeded orders living
//! through `tk_status` on a virtual clock, and the admin routes of the JD
//! sandbox (`/admin/summary`, `/admin/clock/advance`, `/admin/faults`).
//! What the platform leaves uncertain is a setting here: the 20-minute
//! window of big promotions (off by default) and how often a right cursor
//! is refused as stale (none by default). The refund query
//! (`taobao.tbk.order.refund.get`) is not served.

pub mod dataset;
pub mod gateway;
mod server;

pub use dataset::TaobaoDataset;

use super::gateway::{Credentials, HORIZON_SECS};
use super::{FaultSettings, Faults, SandboxConfig, Summary, VirtualClock};
use crate::model::{EpochSecs, Platform, RowId};
use crate::platform::taobao::valid_code;
use dataset::TbRow;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

pub const GATEWAY_PATH: &str = "/router/rest";

/// What the platform leaves uncertain, or a test wants to provoke.
#[derive(Debug)]
struct Settings {
    big_promotion: bool,
    /// Answers still to come that refuse even a right cursor.
    cursors_to_refuse: u32,
}

pub struct TaobaoSandbox {
    pub dataset: TaobaoDataset,
    pub clock: VirtualClock,
    faults: Faults,
    credentials: Credentials,
    settings: Mutex<Settings>,
}

impl TaobaoSandbox {
    pub fn new(config: SandboxConfig) -> TaobaoSandbox {
        let clock = if config.ticking {
            VirtualClock::ticking_from(config.anchor)
        } else {
            VirtualClock::frozen_at(config.anchor)
        };
        TaobaoSandbox {
            dataset: TaobaoDataset::generate(&config),
            clock,
            faults: Faults::new(config.seed),
            credentials: Credentials { app_key: config.app_key, app_secret: config.app_secret },
            settings: Mutex::new(Settings { big_promotion: false, cursors_to_refuse: 0 }),
        }
    }

    pub fn set_faults(&self, settings: FaultSettings) {
        self.faults.set(settings);
    }

    /// 618, 双11 and 年货节: windows over 20 minutes are refused (2007).
    pub fn set_big_promotion(&self, on: bool) {
        self.lock().big_promotion = on;
    }

    /// The next `count` pages asked with a cursor refuse it (1008) even
    /// when it is right, as a cursor gone stale on the platform's side is.
    pub fn refuse_cursors(&self, count: u32) {
        self.lock().cursors_to_refuse = count;
    }

    pub fn summary(&self) -> Summary {
        self.summary_except(&HashSet::new())
    }

    /// The totals over every row the API can return right now (updated in
    /// the last 90 days), with the meaning of the client's stored totals:
    /// the estimate as `pub_share_pre_fee`, the actual fee as the income
    /// net of the platform's service fee once received, rows by the
    /// unified valid code, places (`adzone_id`) and people (`relation_id`,
    /// else `special_id`) counted apart. Rows named in `except` (by the id
    /// a client stores) are left out.
    pub fn summary_except(&self, except: &HashSet<i64>) -> Summary {
        let now = self.clock.now();
        let mut summary = Summary::default();
        let (mut orders, mut places, mut persons) = (HashSet::new(), HashSet::new(), HashSet::new());
        for row in &self.dataset.rows {
            let Some(state) = self.dataset.state_at(row, now) else { continue };
            if state.modified_time < now - HORIZON_SECS || except.contains(&row_id(row).0) {
                continue;
            }
            summary.rows += 1;
            summary.estimate_fee_fen += state.pre_fee_fen;
            summary.actual_fee_fen += state.income_fen();
            *summary.rows_by_valid_code.entry(valid_code(state.tk_status).0.to_string()).or_default() += 1;
            orders.insert(row.parent_id);
            places.insert(row.adzone);
            if let Some(person) = self.dataset.person_id(row.person) {
                persons.insert(person);
            }
        }
        summary.orders = orders.len() as u64;
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
    pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> std::io::Result<RunningTaobaoSandbox> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(Arc::clone(&self).answer(listener));
        Ok(RunningTaobaoSandbox { addr, sandbox: self, task })
    }

    /// Answers on `listener` until the task running this is stopped.
    pub async fn answer(self: Arc<Self>, listener: impl axum::serve::Listener<Addr = SocketAddr>) {
        if let Err(error) = axum::serve(listener, server::router(self)).await {
            tracing::error!(%error, "taobao sandbox server stopped");
        }
    }

    fn window_secs(&self) -> EpochSecs {
        if self.lock().big_promotion {
            gateway::PROMOTION_WINDOW_SECS
        } else {
            gateway::MAX_WINDOW_SECS
        }
    }

    /// Whether this answer refuses the cursor it was sent.
    fn refuses_cursor(&self, params: &std::collections::BTreeMap<String, String>) -> bool {
        let mut settings = self.lock();
        let carries_cursor = params.get("position_index").is_some_and(|p| !p.is_empty());
        let refuse = carries_cursor && settings.cursors_to_refuse > 0;
        if refuse {
            settings.cursors_to_refuse -= 1;
        }
        refuse
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Settings> {
        // Plain settings stay usable after a panic elsewhere.
        self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The id a client stores a row under: the one its `trade_id` stands for.
fn row_id(row: &TbRow) -> RowId {
    RowId::from_platform_key(Platform::Taobao, &row.trade_id.to_string())
}

pub struct RunningTaobaoSandbox {
    pub addr: SocketAddr,
    pub sandbox: Arc<TaobaoSandbox>,
    task: JoinHandle<()>,
}

impl RunningTaobaoSandbox {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn gateway_url(&self) -> String {
        format!("{}{GATEWAY_PATH}", self.base_url())
    }
}

impl Drop for RunningTaobaoSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}
