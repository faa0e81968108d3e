//! The 淘宝联盟 simulator on loopback (`../shared/PLATFORMS.md` D): TOP's
//! gateway at `/router/rest` with its signature (`md5` and `hmac`), app
//! key and GMT+8 timestamp checks, `taobao.tbk.order.details.get` with its
//! window, horizon, cursor and page limits and codes, seeded orders living
//! through `tk_status` on a virtual clock, and the admin routes of the JD
//! sandbox (`/admin/summary`, `/admin/clock/advance`, `/admin/faults`).
//! What the platform leaves uncertain is a setting here: the 20-minute
//! window of big promotions (off by default) and how often a right cursor
//! is refused as stale (none by default; it counts the order query's
//! pages only). `taobao.tbk.order.refund.get` answers the rows' 维权 with
//! the same limits, codes and paging; `taobao.tbk.dg.punish.order.get`
//! the punished trades by creation time, span in days and page number, as
//! the current documentation reads them (an older text reads the span in
//! seconds and other status codes; this sandbox follows the current one).

pub mod dataset;
pub mod gateway;
mod server;

pub use dataset::TaobaoDataset;

use super::gateway::{Credentials, HORIZON_SECS};
use super::{FaultSettings, Faults, Running, SandboxConfig, Summary, VirtualClock};
use crate::model::{EpochSecs, Platform, RowId};
use crate::platform::taobao::valid_code;
use dataset::TbRow;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const GATEWAY_PATH: &str = "/router/rest";

/// What the platform leaves uncertain, or a test wants to provoke.
#[derive(Debug)]
struct Settings {
    big_promotion: bool,
    /// Answers still to come that refuse even a right cursor.
    cursors_to_refuse: u32,
    /// The punished-order list is refused for want of permission (code 11).
    punish_list_refused: bool,
    people_in_every_scene: bool,
    /// Every call is refused with a ban of this many seconds (code 7).
    ban_secs: Option<u64>,
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
            settings: Mutex::new(Settings {
                big_promotion: false,
                cursors_to_refuse: 0,
                punish_list_refused: false,
                people_in_every_scene: false,
                ban_secs: None,
            }),
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

    /// The app may not read the punished-order list (code 11), as an app
    /// without that permission is refused; every other list still answers.
    pub fn refuse_punish_list(&self, refused: bool) {
        self.lock().punish_list_refused = refused;
    }

    /// Rows of every order name their 渠道 or 会员 id too, as the other
    /// reading of the platform's documentation has it; by default only the
    /// answers for 渠道 and 会员 orders (`order_scene` 2 and 3) do.
    pub fn name_people_in_every_scene(&self, named: bool) {
        self.lock().people_in_every_scene = named;
    }

    /// Every call is refused with code 7 and "This ban will last `secs`
    /// more seconds", as an app that asked too often is, until `None`.
    pub fn ban_for(&self, secs: Option<u64>) {
        self.lock().ban_secs = secs;
    }

    pub fn summary(&self) -> Summary {
        self.summary_except(&HashSet::new())
    }

    /// The totals over every row the API can return right now (updated in
    /// the last 90 days), with the meaning of the client's stored totals:
    /// the estimate net of the platform's service fee (`pub_share_pre_fee
    /// − alimm_tech_service_pre_fee`), the actual fee as the income net of
    /// that fee once received, less what the row's 维权 in 12 or 13 take
    /// back (never more than the income), rows by the unified valid code
    /// (a 维权 leaves `tk_status` as it is), places (`adzone_id`) and
    /// people (`relation_id`, else `special_id`) counted apart. Rows named
    /// in `except` (by the id a client stores) are left out, 维权 and all.
    pub fn summary_except(&self, except: &HashSet<i64>) -> Summary {
        let now = self.clock.now();
        let mut summary = Summary::default();
        let (mut orders, mut places, mut persons) = (HashSet::new(), HashSet::new(), HashSet::new());
        for (index, row) in self.dataset.rows.iter().enumerate() {
            let Some(state) = self.dataset.state_at(row, now) else { continue };
            if state.modified_time < now - HORIZON_SECS || except.contains(&row_id(row).0) {
                continue;
            }
            summary.rows += 1;
            summary.estimate_fee_fen += state.estimate_fen();
            summary.actual_fee_fen += state.income_fen() - self.dataset.clawed_back_fen(index as u32, &state, now);
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

    /// The trades (`tb_trade_id`) frozen at `now` among those created in
    /// the 90 days before it: what a sweep of the punish list finds then. A
    /// client stores each under `RowId::from_platform_key(Platform::Taobao,
    /// &trade_id.to_string())`.
    pub fn frozen_at(&self, now: EpochSecs) -> HashSet<i64> {
        self.dataset
            .penalties
            .iter()
            .filter(|penalty| penalty.status_at(now) == Some(dataset::FROZEN))
            .filter_map(|penalty| {
                let row = &self.dataset.rows[penalty.row as usize];
                let created = self.dataset.state_at(row, now)?.create_time;
                (created >= now - HORIZON_SECS).then_some(row.trade_id)
            })
            .collect()
    }

    /// The id a client stores each row under, for tests that name rows.
    pub fn row_ids(&self) -> impl Iterator<Item = RowId> + '_ {
        self.dataset.rows.iter().map(row_id)
    }

    /// Serves the sandbox on `addr` (port 0 picks a free one) until the
    /// returned handle is dropped.
    pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> std::io::Result<RunningTaobaoSandbox> {
        Running::serve(self, addr).await
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

/// 淘宝联盟's sandbox served.
pub type RunningTaobaoSandbox = Running<TaobaoSandbox>;

#[cfg(test)]
mod tests {
    use super::dataset::{tech_service_pre_fee_fen, Dispute, Outcome};
    use super::*;

    /// 2026-11-18, 20:00 in Beijing.
    const ANCHOR: EpochSecs = 1_795_003_200;

    fn sandbox() -> TaobaoSandbox {
        let mut config = SandboxConfig::new(7, ANCHOR);
        config.rows_per_day = 300;
        config.history_days = 60;
        TaobaoSandbox::new(config)
    }

    fn summary_at(sandbox: &TaobaoSandbox, at: EpochSecs) -> Summary {
        sandbox.clock.advance(at - sandbox.clock.now());
        sandbox.summary()
    }

    /// The first 维权 after `ANCHOR` whose outcome `when` dates.
    fn first(sandbox: &TaobaoSandbox, when: fn(&Outcome) -> Option<EpochSecs>) -> (Dispute, EpochSecs) {
        let found =
            sandbox.dataset.disputes.iter().find_map(|d| when(&d.outcome).filter(|at| *at > ANCHOR).map(|at| (*d, at)));
        found.expect("such a 维权 after the anchor")
    }

    /// The second a 维权 turns 12 the actual fee loses what it takes and
    /// nothing else moves; its 13, a 维权失败 and a seller's 14 move nothing.
    #[test]
    fn the_actual_fee_loses_what_a_dispute_takes_when_it_turns_12_and_nothing_else() {
        let sandbox = sandbox();
        let (dispute, pending) = first(&sandbox, |o| match o {
            Outcome::FromPromoter { pending, .. } => Some(*pending),
            _ => None,
        });
        let (before, after) = (summary_at(&sandbox, pending), summary_at(&sandbox, pending + 1));
        let row = sandbox.dataset.state_at(&sandbox.dataset.rows[dispute.row as usize], pending + 1).unwrap();
        let taken = dispute.amounts(&row).commission;
        assert!(taken > 0);
        assert_eq!(before.actual_fee_fen - after.actual_fee_fen, taken);
        assert_eq!(
            Summary { actual_fee_fen: after.actual_fee_fen, ..before.clone() },
            after,
            "only the actual fee moves"
        );
        let unmoved: [fn(&Outcome) -> Option<EpochSecs>; 3] = [
            |o| match o {
                Outcome::FromPromoter { done, .. } => Some(*done),
                _ => None,
            },
            |o| match o {
                Outcome::Failed(at) => Some(*at),
                _ => None,
            },
            |o| match o {
                Outcome::FromSeller { pending, .. } => Some(*pending),
                _ => None,
            },
        ];
        for when in unmoved {
            let (_, at) = first(&sandbox, when);
            assert_eq!(summary_at(&sandbox, at), summary_at(&sandbox, at + 1), "at {at}");
        }
    }

    /// Over the whole sandbox: the estimate is net of the platform's fee and
    /// the actual fee net of what every 维权 in 12 or 13 takes.
    #[test]
    fn the_summary_estimates_net_and_subtracts_what_disputes_in_12_or_13_take() {
        let sandbox = sandbox();
        let now = sandbox.clock.now();
        let (mut gross, mut fee, mut income, mut taken) = (0, 0, 0, 0);
        for (index, row) in sandbox.dataset.rows.iter().enumerate() {
            let Some(state) = sandbox.dataset.state_at(row, now).filter(|s| s.modified_time >= now - HORIZON_SECS)
            else {
                continue;
            };
            gross += state.pre_fee_fen;
            fee += tech_service_pre_fee_fen(state.pre_fee_fen);
            income += state.income_fen();
            for dispute in sandbox.dataset.disputes_of(index as u32) {
                if dispute.state_at(now).is_some_and(|s| matches!(s.refund_status, 12 | 13)) {
                    taken += dispute.amounts(&state).commission;
                }
            }
        }
        let summary = sandbox.summary();
        assert!(fee > 0 && taken > 0, "{fee} {taken}");
        assert_eq!((summary.estimate_fee_fen, summary.actual_fee_fen), (gross - fee, income - taken));
    }

    /// A punished trade is listed from the second after it froze until the
    /// second after it was unfrozen, and while its trade is no older than
    /// the 90 days the punish list reaches.
    #[test]
    fn a_trade_is_listed_frozen_from_its_freezing_until_it_is_unfrozen() {
        let sandbox = sandbox();
        let trade_of = |penalty: &dataset::Penalty| sandbox.dataset.rows[penalty.row as usize].trade_id;
        let later = sandbox.dataset.penalties.iter().filter(|p| p.frozen > ANCHOR);
        let penalty = later.clone().find(|p| p.unfrozen.is_some()).expect("a punishment lifted after the anchor");
        let unfrozen = penalty.unfrozen.unwrap();
        for (at, listed) in
            [(penalty.frozen, false), (penalty.frozen + 1, true), (unfrozen, true), (unfrozen + 1, false)]
        {
            assert_eq!(sandbox.frozen_at(at).contains(&trade_of(penalty)), listed, "at {at}");
        }
        let kept = later.clone().find(|p| p.unfrozen.is_none()).expect("a punishment never lifted");
        let created = sandbox.dataset.state_at(&sandbox.dataset.rows[kept.row as usize], i64::MAX).unwrap().create_time;
        assert!(sandbox.frozen_at(created + HORIZON_SECS).contains(&trade_of(kept)));
        assert!(!sandbox.frozen_at(created + HORIZON_SECS + 1).contains(&trade_of(kept)), "out of the list's reach");
        let frozen_now = sandbox.frozen_at(ANCHOR);
        assert!(frozen_now.len() > 20, "{}", frozen_now.len());
        assert!(later.clone().all(|p| !frozen_now.contains(&trade_of(p))), "none before it froze");
    }

    /// The client reads the sandbox's punish answers page by page: every
    /// punished trade created in the span once, frozen exactly when
    /// `frozen_at` says; a span over 30 days is refused.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_client_pages_through_the_punished_trades_of_a_span() {
        use crate::platform::taobao::{PunishQuery, TaobaoClient};
        use crate::platform::{PlatformError, Refusal};
        const DAY: EpochSecs = 86_400;
        let sandbox = Arc::new(sandbox());
        let running = sandbox.clone().serve(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let credentials = crate::platform::http::Credentials {
            gateway: running.gateway_url(),
            app_key: super::super::DEMO_APP_KEY.to_owned(),
            app_secret: super::super::DEMO_APP_SECRET.to_owned(),
        };
        let client = TaobaoClient::new(credentials, std::time::Duration::from_secs(10)).unwrap();
        let span = ANCHOR - 40 * DAY..ANCHOR - 10 * DAY;
        let mut query = PunishQuery::created_from(span.start, 30);
        query.page_size = 10;
        let (mut seen, mut pages) = (Vec::new(), 0);
        let total = loop {
            let page = client.punish_page(&query).await.unwrap().value;
            assert!(page.rejected.is_empty(), "{:?}", page.rejected);
            seen.extend(page.punishments);
            pages += 1;
            if u64::from(query.page_no * query.page_size) >= page.total_count {
                break page.total_count;
            }
            query = query.next();
        };
        let created = |penalty: &dataset::Penalty| {
            sandbox.dataset.state_at(&sandbox.dataset.rows[penalty.row as usize], ANCHOR).map(|s| s.create_time)
        };
        let expected: HashSet<String> = sandbox
            .dataset
            .penalties
            .iter()
            .filter(|p| p.status_at(ANCHOR).is_some() && created(p).is_some_and(|at| span.contains(&at)))
            .map(|p| sandbox.dataset.rows[p.row as usize].trade_id.to_string())
            .collect();
        assert!(pages >= 3 && total as usize == expected.len(), "{pages} pages, {total} of {}", expected.len());
        let keys: HashSet<String> = seen.iter().map(|p| p.trade_key.clone()).collect();
        assert_eq!((keys.len(), &keys), (seen.len(), &expected), "every punished trade of the span once");
        assert!(seen.iter().all(|p| p.row == RowId::from_platform_key(Platform::Taobao, &p.trade_key)));
        let frozen: HashSet<i64> = seen.iter().filter(|p| p.freezes()).map(|p| p.trade_key.parse().unwrap()).collect();
        let in_span: HashSet<i64> = expected.iter().map(|k| k.parse().unwrap()).collect();
        assert_eq!(frozen, sandbox.frozen_at(ANCHOR).intersection(&in_span).copied().collect::<HashSet<i64>>());
        assert!(frozen.len() < seen.len(), "some were unfrozen already");
        match client.punish_page(&PunishQuery::created_from(span.start, 31)).await.map(|answered| answered.value) {
            Err(PlatformError::Refused { code, refusal: Refusal::Other, .. }) => {
                assert_eq!(code, "15/isv.invalid-parameter:span")
            }
            other => panic!("{other:?}"),
        }
    }
}
