//! Demo mode: the platform sandbox in-process on loopback, a demo account
//! against it, and the sandbox's team and groups entered as a head KOC
//! would have entered them. Her data stays put across restarts because the
//! sandbox arranges its orders around the day the demo was first opened.

use crate::account::{self, Account, AccountError};
use crate::groups::{self, NewGroup};
use crate::model::{now_epoch, BizDay, PartnerId};
use crate::platform::sandbox::{Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET};
use crate::store::secrets::SecretStore;
use crate::store::{DataFolder, Store, StoreKey, StoreKind, DB_FILE};
use crate::sync::SyncOptions;
use crate::team::{self, NewPartner};
use std::net::{Ipv4Addr, SocketAddr};

mod course;
mod library;
mod opens;
pub mod payouts;
mod platforms;
mod posting;
use crate::media::MediaStore;
pub use opens::{store_to_open, OpensError};
use std::sync::Arc;

pub const DEMO_SEED: u64 = 20_261_111;
/// The demo team's sub-union ids start with this (`demo-p1001`, …).
pub const DEMO_SUB_UNION_PREFIX: &str = "demo-p";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot start the demo platform on loopback: {0}")]
    Serve(#[from] std::io::Error),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("cannot enter the demo team: {0}")]
    Store(#[from] sqlx::Error),
}

/// The demo platform, answering on loopback while this is kept.
pub struct Demo {
    pub gateway: String,
    pub account: Account,
    platform: tokio::task::JoinHandle<()>,
    /// 多多进宝's and 淘宝联盟's sandboxes, beside JD's.
    others: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        self.platform.abort();
        for other in &self.others {
            other.abort();
        }
    }
}

impl Demo {
    /// The embedded sandbox sets no rate limit, so the demo syncs unpaced.
    pub fn sync_options(&self) -> SyncOptions {
        SyncOptions { requests_per_sec: 0, ..SyncOptions::default() }
    }
}

/// Opens the demo platform's port and sets the demo account at once; the
/// platform's orders are generated in the background, the first time at
/// once (to enter its team), later when the first call comes, so the
/// window never waits for them: calls wait in the port's queue meanwhile.
pub async fn start(store: &Store, secrets: &dyn SecretStore) -> Result<Demo, DemoError> {
    let anchor = account::demo_anchor(store.pool()).await?;
    let first_time = anchor.is_none();
    let anchor_instant = anchor.unwrap_or_else(now_epoch);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let gateway = format!("http://{}/routerjson", listener.local_addr()?);
    let account = account::set_jd(store.pool(), secrets, &gateway, DEMO_APP_KEY, DEMO_APP_SECRET, true).await?;
    let others = platforms::start(store, secrets, anchor_instant).await?;
    let store = store.clone();
    let platform = tokio::spawn(async move {
        // A demo from before the library existed gets it too.
        if let Err(error) = library::enter(store.pool(), &MediaStore::of(&store), now_epoch()).await {
            tracing::error!(%error, "cannot enter the demo's starter library");
        }
        if let Err(error) = course::enter(store.pool(), now_epoch()).await {
            tracing::error!(%error, "cannot enter the demo's course");
        }
        // Plans post in groups, which a first start has only once the team is in.
        if !first_time {
            enter_plans(&store).await;
        }
        // Only a first start needs the store again (to enter the team from
        // the orders); any other lets go of it now: serving needs none, and
        // whoever closes the store must not wait for this task.
        let team_store = first_time.then_some(store);
        // A start with no sync due never pays for the platform's orders (a
        // core for a moment, and their memory): they are made when the
        // first call comes, which waits in the port's queue meanwhile.
        let listener = match team_store {
            Some(_) => FirstCaller::Ahead(listener),
            None => FirstCaller::wait(listener).await,
        };
        let config = demo_config(anchor_instant, now_epoch());
        let generated = tokio::task::spawn_blocking(move || Arc::new(Sandbox::new(config)));
        let Ok(sandbox) = generated.await else { return };
        // The virtual clock starts at the anchor day's midnight; move it to the real now.
        sandbox.clock.advance(now_epoch() - sandbox.clock.now());
        if let Some(store) = team_store {
            if let Err(error) = enter_demo_team(&store, &sandbox).await {
                tracing::error!(%error, "cannot enter the demo team");
            }
            enter_plans(&store).await;
        }
        crate::platform::sandbox::answer(sandbox, listener).await;
    });
    Ok(Demo { gateway, account, platform, others })
}

/// The daily rhythm's starter plans, for a demo that has none yet, with
/// their last week logged.
async fn enter_plans(store: &Store) {
    let now = now_epoch();
    let first_day = BizDay::of(now).add_days(-posting::DAYS);
    let added = match crate::posting::starter::add_if_none(store.pool(), first_day, now).await {
        Ok(added) => added,
        Err(error) => return tracing::error!(%error, "cannot enter the demo's posting plans"),
    };
    if !added.is_empty() {
        if let Err(error) = posting::enter(store.pool(), now).await {
            tracing::error!(%error, "cannot enter the demo's posting log");
        }
    }
}

/// The demo's port, once its first caller is in (or before anyone called,
/// the first time, when the team is entered from the generated orders).
enum FirstCaller {
    Ahead(tokio::net::TcpListener),
    Waiting(Option<(tokio::net::TcpStream, SocketAddr)>, tokio::net::TcpListener),
}

impl FirstCaller {
    async fn wait(mut listener: tokio::net::TcpListener) -> FirstCaller {
        let first = axum::serve::Listener::accept(&mut listener).await;
        FirstCaller::Waiting(Some(first), listener)
    }
}

impl axum::serve::Listener for FirstCaller {
    type Io = tokio::net::TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self {
            FirstCaller::Waiting(first, listener) => match first.take() {
                Some(first) => first,
                None => axum::serve::Listener::accept(listener).await,
            },
            FirstCaller::Ahead(listener) => axum::serve::Listener::accept(listener).await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        match self {
            FirstCaller::Waiting(_, listener) | FirstCaller::Ahead(listener) => listener.local_addr(),
        }
    }
}

/// Days of orders the demo generates: what the platform still serves (90
/// days, and a little more), up to a month past today. Each day's orders
/// are the same whichever days are generated, so the demo stays put across
/// restarts; generating a year ahead cost the start-up a core and 30 MiB.
const DEMO_SERVED_DAYS: i64 = 92;
const DEMO_AHEAD_DAYS: i64 = 30;

fn demo_config(anchor: crate::model::EpochSecs, now: crate::model::EpochSecs) -> SandboxConfig {
    let mut config = SandboxConfig::new(DEMO_SEED, BizDay::of(anchor).start());
    config.ticking = true;
    let since_anchor = (BizDay::of(now).date() - BizDay::of(anchor).date()).num_days().max(0);
    config.history_days = config.history_days.min(DEMO_SERVED_DAYS - since_anchor);
    config.future_days = since_anchor + DEMO_AHEAD_DAYS;
    // No id she types or the import template suggests can be a demo one.
    config.sub_union_prefix = DEMO_SUB_UNION_PREFIX;
    config
}

async fn enter_demo_team(store: &Store, sandbox: &Sandbox) -> Result<(), sqlx::Error> {
    let now = now_epoch();
    let mut tx = crate::store::begin_write(store.pool()).await?;
    let mut ids: Vec<PartnerId> = Vec::with_capacity(sandbox.dataset.members.len());
    for member in &sandbox.dataset.members {
        let partner = NewPartner {
            name: member.name.clone(),
            role: member.role,
            sub_union_id: Some(member.sub_union_id.clone()),
            parent: member.parent.and_then(|p| ids.get(p).copied()),
            joined_on: Some(member.joined_on),
        };
        ids.push(team::upsert(&mut tx, &partner, now).await?);
    }
    let today = BizDay::of(now);
    for (index, position) in sandbox.dataset.positions.iter().enumerate() {
        let group = NewGroup { name: position.name.clone(), kind: position.kind, position_id: Some(position.id) };
        let id = groups::upsert_for_position(&mut *tx, &group, now).await?;
        // Two weeks of member counts she would have entered, from a few
        // dozen to nearly full, so the size chart and sparklines have data.
        let size = 60 + (index as i64 * 97) % 420;
        for back in 0..14 {
            sqlx::query("INSERT OR IGNORE INTO group_member_counts (group_id, day, members) VALUES (?1, ?2, ?3)")
                .bind(id)
                .bind(today.add_days(-back))
                .bind((size - back * (index as i64 % 3)).clamp(0, 500))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await
}

/// Before the demo had a store of its own it lived in hers. A store whose
/// only account is the demo's was the demo's: it is set aside whole in
/// `backups/` (anything she typed while exploring stays there), so her
/// store starts empty and the demo starts afresh in its own folder.
/// Answers whether it was set aside.
pub async fn separate_legacy(folder: &DataFolder, key: &StoreKey) -> Result<bool, SeparateError> {
    let mine = folder.store_dir(StoreKind::Mine);
    if !mine.join(DB_FILE).exists() {
        return Ok(false);
    }
    let store = Store::open(&mine, key).await?;
    #[derive(sqlx::FromRow)]
    struct Accounts {
        demo: i64,
        own: i64,
    }
    let Accounts { demo: demo_accounts, own: own_accounts } =
        sqlx::query_as("SELECT COALESCE(SUM(is_demo), 0) AS demo, COALESCE(SUM(1 - is_demo), 0) AS own FROM accounts")
            .fetch_one(store.pool())
            .await?;
    store.close().await;
    if demo_accounts == 0 || own_accounts > 0 {
        return Ok(false);
    }
    let aside = mine.join("backups").join(format!("demo-before-its-own-store-{}", now_epoch()));
    std::fs::create_dir_all(&aside)?;
    for suffix in ["", "-wal", "-shm"] {
        let from = mine.join(format!("{DB_FILE}{suffix}"));
        if from.exists() {
            std::fs::rename(from, aside.join(format!("{DB_FILE}{suffix}")))?;
        }
    }
    tracing::info!(aside = %aside.display(), "set the old demo store aside; the demo now has its own");
    Ok(true)
}

#[derive(Debug, thiserror::Error)]
pub enum SeparateError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("cannot read the accounts: {0}")]
    Query(#[from] sqlx::Error),
    #[error("cannot set the old demo store aside: {0}")]
    Move(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BizMonth, EpochSecs};
    use crate::platform::sandbox::dataset::{Dataset, HISTORY_DAYS};

    const DAY: i64 = 86_400;

    /// Any answer at all from the demo's gateway, as text.
    async fn ask(gateway: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = gateway.trim_start_matches("http://").trim_end_matches("/routerjson");
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("the demo's port takes calls");
        stream.write_all(b"GET /routerjson HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n").await.expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("an answer");
        answer
    }

    #[tokio::test]
    async fn a_demo_opened_again_makes_its_orders_when_first_called_and_answers() {
        let (_dir, store) = crate::store::temp_store().await;
        let secrets = crate::store::secrets::MemorySecrets::default();
        let first = start(&store, &secrets).await.expect("the demo starts");
        assert!(ask(&first.gateway).await.starts_with("HTTP/1.1 "), "the first start answers");
        drop(first);
        let again = start(&store, &secrets).await.expect("the demo starts again");
        // Two callers while the orders are being made: both are answered.
        let (one, two) = tokio::join!(ask(&again.gateway), ask(&again.gateway));
        assert!(one.starts_with("HTTP/1.1 ") && two.starts_with("HTTP/1.1 "), "{one:.40} / {two:.40}");
    }

    /// A row of the demo's platform settled on the 20th of the first month
    /// the demo closes and clawed back on the second's, as the platform
    /// shows it when the demo first opens at `anchor`.
    fn clawback_in_the_closed_months(dataset: &Dataset, anchor: EpochSecs) -> Option<i64> {
        let twentieth = |month: BizMonth| month.as_int() * 100 + 20;
        let [first, second] = payouts::months_to_close(BizDay::of(anchor));
        let (settled, clawed_back) = (twentieth(first), twentieth(second));
        let (opened, first_day) = (BizDay::of(anchor).start(), BizDay::of(anchor).add_days(-HISTORY_DAYS));
        dataset.rows.iter().filter(|row| BizDay::of(Dataset::order_time(row)) >= first_day).find_map(|row| {
            let state = dataset.state_at(row, opened)?;
            let clawback = state.clawback?;
            (state.pay_month == Some(settled) && clawback.settle_day == clawed_back).then_some(row.id)
        })
    }

    #[test]
    fn the_months_the_demo_closes_show_a_clawback() {
        let anchor = 1_795_003_200;
        let sandbox = Sandbox::new(demo_config(anchor, anchor));
        assert!(clawback_in_the_closed_months(&sandbox.dataset, anchor).is_some(), "none at {}", BizDay::of(anchor));
        // Whichever day she first opens the demo: the platform's days are
        // the same whatever span is generated, so one year of them stands
        // for every anchor's demo.
        let mut config = demo_config(anchor, anchor);
        (config.history_days, config.future_days) = (100, 320);
        let year = Sandbox::new(config).dataset;
        let opened_on = (0..300).map(|days| BizDay::of(anchor).add_days(days));
        for day in opened_on {
            assert!(clawback_in_the_closed_months(&year, day.start()).is_some(), "none at {day}");
        }
    }

    #[test]
    fn the_demo_generates_only_what_the_platform_serves_and_a_month_ahead() {
        let anchor = 1_795_003_200;
        let first_open = demo_config(anchor, anchor);
        assert_eq!((first_open.history_days, first_open.future_days), (88, DEMO_AHEAD_DAYS));
        // Opened again 200 days later: from 92 days before that day, not
        // from the anchor's 88 before, and again a month ahead.
        let later = demo_config(anchor, anchor + 200 * DAY);
        assert_eq!(later.history_days, DEMO_SERVED_DAYS - 200);
        assert_eq!(later.future_days, 200 + DEMO_AHEAD_DAYS);
        let generated_days = later.history_days + later.future_days + 1;
        assert!(generated_days <= DEMO_SERVED_DAYS + DEMO_AHEAD_DAYS + 1, "{generated_days} days");
    }
}
