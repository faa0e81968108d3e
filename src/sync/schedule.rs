//! Automatic sync. When the next run is due is decided from the store alone
//! (the last success, the failures since), so a manual run, a restart or a
//! laptop waking from sleep all fit in without extra state: missed ticks
//! collapse into one run, failures back off (doubling with jitter, capped
//! at 30 minutes, or until a ban the platform stated ends), and a
//! credential error pauses the schedule until the user fixes the account
//! and a run succeeds. Each platform's account has its own plan: one whose
//! key was refused waits for her while the others keep syncing.

use super::engine::SyncProgress;
use super::service::{Round, ServiceError, SyncService};
use crate::account::{self, AccountError};
use crate::model::{now_epoch, AccountId, EpochSecs, Platform};
use sqlx::SqlitePool;
use std::time::Duration;

const FIRST_BACKOFF_SECS: i64 = 60;
const MAX_BACKOFF_SECS: i64 = 30 * 60;
/// The wall clock is looked at this often, so a wake from sleep is noticed
/// within a tick rather than after the monotonic timer catches up.
const TICK: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunHistory {
    pub last_success: Option<EpochSecs>,
    /// Failed runs since the last success, newest first: `(finished, class)`.
    pub failures: Vec<(EpochSecs, String)>,
    /// When the longest ban the platform stated since the last success ends.
    pub ban_ends: Option<EpochSecs>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    Due(EpochSecs),
    /// The account needs fixing; retrying cannot help.
    Paused,
}

pub fn next_due(history: &RunHistory, interval: Duration) -> Plan {
    match history.failures.first() {
        Some((_, class)) if class == "credentials" => Plan::Paused,
        Some((finished, _)) => {
            let backoff = finished + backoff_secs(history.failures.len() as u32, *finished);
            // Asking during a ban may lengthen it.
            Plan::Due(history.ban_ends.map_or(backoff, |ends| ends.max(backoff)))
        }
        None => Plan::Due(history.last_success.map_or(0, |at| at + interval.as_secs() as i64)),
    }
}

/// 1, 2, 4 … minutes after consecutive failures, ±20% so that many
/// laptops do not retry in step, never above 30 minutes. The jitter is
/// derived from the failure time, so the plan is the same on every read.
pub fn backoff_secs(failures: u32, seed: EpochSecs) -> i64 {
    let doubled = FIRST_BACKOFF_SECS.saturating_mul(1 << failures.saturating_sub(1).min(20));
    let jitter_percent = 80 + (seed.unsigned_abs().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) % 41;
    (doubled * jitter_percent as i64 / 100).min(MAX_BACKOFF_SECS)
}

/// How often the schedule syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// As asked on the command line.
    Fixed(Duration),
    /// Her setting, read again before every plan, so a change on 设置
    /// takes effect within a tick, without a restart.
    Setting,
}

/// The next round: when it is due (the earliest of the accounts not
/// paused), and each connected account's own plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundPlan {
    pub due: Plan,
    pub accounts: Vec<(Platform, Plan)>,
}

impl RoundPlan {
    /// The platforms whose own plan is due at `now`: a round syncs them
    /// alone, so one backing off after failures (or a long ban) does not
    /// drag the others into a run each time it tries again.
    pub fn due_at(&self, now: EpochSecs) -> Vec<Platform> {
        let due = |plan: &Plan| matches!(plan, Plan::Due(at) if *at <= now);
        self.accounts.iter().filter(|(_, plan)| due(plan)).map(|(platform, _)| *platform).collect()
    }
}

/// The plan as the store says now: each account's runs and, for
/// `Cadence::Setting`, her interval.
pub async fn plan(pool: &SqlitePool, cadence: Cadence) -> Result<RoundPlan, AccountError> {
    let interval = match cadence {
        Cadence::Fixed(interval) => interval,
        Cadence::Setting => crate::store::settings::load(pool).await?.sync_interval(),
    };
    let mut due: Option<EpochSecs> = None;
    let mut plans = Vec::new();
    let accounts = account::connected(pool).await?;
    for account in &accounts {
        let plan = next_due(&history(pool, account.id).await?, interval);
        if let Plan::Due(at) = plan {
            due = Some(due.map_or(at, |earliest| earliest.min(at)));
        }
        plans.push((account.platform, plan));
    }
    let due = match due {
        Some(at) => Plan::Due(at),
        // No account yet is due at once (the run says what is missing).
        None if accounts.is_empty() => Plan::Due(0),
        None => Plan::Paused,
    };
    Ok(RoundPlan { due, accounts: plans })
}

pub async fn history(pool: &SqlitePool, account: AccountId) -> Result<RunHistory, sqlx::Error> {
    let last_success: Option<EpochSecs> =
        sqlx::query_scalar("SELECT MAX(finished_at) FROM sync_runs WHERE account_id = ?1 AND status = 'succeeded'")
            .bind(account)
            .fetch_one(pool)
            .await?;
    #[derive(sqlx::FromRow)]
    struct Failure {
        finished_at: Option<EpochSecs>,
        class: String,
        retry_after: Option<EpochSecs>,
    }
    let failures: Vec<Failure> = sqlx::query_as(
        "SELECT finished_at, COALESCE(error_class, 'transient') AS class, retry_after FROM sync_runs
         WHERE account_id = ?1 AND status = 'failed'
           AND id > COALESCE((SELECT MAX(id) FROM sync_runs WHERE account_id = ?1 AND status = 'succeeded'), 0)
         ORDER BY id DESC",
    )
    .bind(account)
    .fetch_all(pool)
    .await?;
    // A later failure of another kind does not end a ban.
    let ban_ends = failures.iter().filter_map(|f| f.retry_after).max();
    let failures = failures.into_iter().map(|f| (f.finished_at.unwrap_or(0), f.class)).collect();
    Ok(RunHistory { last_success, failures, ban_ends })
}

/// Runs the schedule until a credential error (returned) or forever.
/// `observer` hears every run's progress; `outcome` every finished run.
pub async fn watch(
    service: &SyncService,
    cadence: Cadence,
    mut observer: impl FnMut(&SyncProgress) + Send,
    mut outcome: impl FnMut(&Result<Vec<super::SyncReport>, ServiceError>) + Send,
    stop_on_credentials: bool,
) -> Result<(), ServiceError> {
    loop {
        let round = plan(service.store().pool(), cadence).await?;
        let now = now_epoch();
        match round.due {
            Plan::Due(at) if at <= now => match service.run_once(Round::Of(round.due_at(now)), &mut observer).await {
                // Another run (a manual one) is going: its record decides the next plan.
                None => tokio::time::sleep(TICK).await,
                Some(result) => {
                    outcome(&result);
                    match &result {
                        Ok(_) => {}
                        Err(ServiceError::Sync(e)) => {
                            if stop_on_credentials && e.class() == Some(crate::platform::ErrorClass::Credentials) {
                                return result.map(|_| ());
                            }
                        }
                        // No run was recorded (no account, no secret): the plan
                        // cannot move, so wait instead of retrying in a loop.
                        Err(_) if stop_on_credentials => return result.map(|_| ()),
                        Err(_) => tokio::time::sleep(TICK).await,
                    }
                }
            },
            Plan::Due(at) => tokio::time::sleep(TICK.min(Duration::from_secs((at - now) as u64))).await,
            Plan::Paused => tokio::time::sleep(TICK).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_changed_interval_setting_moves_the_next_run_without_a_restart() {
        let (_dir, store) = crate::store::temp_store().await;
        let pool = store.pool();
        crate::account::set_jd(
            pool,
            &crate::store::secrets::MemorySecrets::default(),
            "http://127.0.0.1:9/routerjson",
            "k",
            "s",
            false,
        )
        .await
        .unwrap();
        sqlx::query("INSERT INTO sync_runs (account_id, started_at, finished_at, status) SELECT id, 1000, 1000, 'succeeded' FROM accounts")
            .execute(pool)
            .await
            .unwrap();
        crate::store::settings::update(pool, |s| s.sync_interval_minutes = 15).await.unwrap();
        assert_eq!(plan(pool, Cadence::Setting).await.unwrap().due, Plan::Due(1000 + 15 * 60));
        crate::store::settings::update(pool, |s| s.sync_interval_minutes = 60).await.unwrap();
        assert_eq!(plan(pool, Cadence::Setting).await.unwrap().due, Plan::Due(1000 + 60 * 60));
        let fixed = Cadence::Fixed(Duration::from_secs(120));
        assert_eq!(plan(pool, fixed).await.unwrap().due, Plan::Due(1000 + 120), "the command line's interval wins");
    }

    /// A store with an account on each of `platforms`, never synced.
    async fn connected(platforms: &[Platform]) -> (tempfile::TempDir, crate::store::Store) {
        let (dir, store) = crate::store::temp_store().await;
        let secrets = crate::store::secrets::MemorySecrets::default();
        for platform in platforms {
            crate::account::set(store.pool(), &secrets, *platform, "http://127.0.0.1:9/x", "k", "s", false)
                .await
                .unwrap();
        }
        (dir, store)
    }

    #[tokio::test]
    async fn a_platform_whose_key_was_refused_waits_while_the_others_keep_their_schedule() {
        let (_dir, store) = connected(&[Platform::Jd, Platform::Pdd]).await;
        let pool = store.pool();
        // JD succeeded at 1000; 多多进宝 was refused its key at 2000, after it.
        sqlx::query(
            "INSERT INTO sync_runs (account_id, started_at, finished_at, status, error_class)
             SELECT id, 1000, CASE platform WHEN 'jd' THEN 1000 ELSE 2000 END,
                    CASE platform WHEN 'jd' THEN 'succeeded' ELSE 'failed' END,
                    CASE platform WHEN 'jd' THEN NULL ELSE 'credentials' END
             FROM accounts",
        )
        .execute(pool)
        .await
        .unwrap();
        let fixed = Cadence::Fixed(Duration::from_secs(600));
        let round = plan(pool, fixed).await.unwrap();
        assert_eq!(
            round,
            RoundPlan {
                due: Plan::Due(1000 + 600),
                accounts: vec![(Platform::Jd, Plan::Due(1600)), (Platform::Pdd, Plan::Paused)]
            },
            "JD stays on its interval; 多多进宝 is left out of the automatic rounds"
        );
        assert_eq!(round.due_at(5000), [Platform::Jd]);
    }

    #[tokio::test]
    async fn a_round_syncs_only_the_platforms_due_so_one_backing_off_runs_alone() {
        let (_dir, store) = connected(&[Platform::Jd, Platform::Taobao]).await;
        let pool = store.pool();
        // Both succeeded at 1000; 淘宝联盟 was throttled at 1200, after it.
        sqlx::query(
            "INSERT INTO sync_runs (account_id, started_at, finished_at, status, error_class)
             SELECT id, 1000, 1000, 'succeeded', NULL FROM accounts
             UNION ALL
             SELECT id, 1200, 1200, 'failed', 'rate_limited' FROM accounts WHERE platform = 'taobao'",
        )
        .execute(pool)
        .await
        .unwrap();
        let round = plan(pool, Cadence::Fixed(Duration::from_secs(3600))).await.unwrap();
        let retry = 1200 + backoff_secs(1, 1200);
        assert_eq!(round.due, Plan::Due(retry));
        assert_eq!(round.due_at(retry), [Platform::Taobao], "JD is not due for an hour");
        assert_eq!(round.due_at(1000 + 3600), [Platform::Jd, Platform::Taobao]);
        assert!(round.due_at(retry - 1).is_empty());
    }

    #[tokio::test]
    async fn a_ban_holds_through_a_later_failure_of_another_kind() {
        let (_dir, store) = connected(&[Platform::Taobao]).await;
        let pool = store.pool();
        // Banned for an hour at 5000, then offline at 5100.
        sqlx::query(
            "INSERT INTO sync_runs (account_id, started_at, finished_at, status, error_class, retry_after)
             SELECT id, 5000, 5000, 'failed', 'rate_limited', 8600 FROM accounts
             UNION ALL SELECT id, 5100, 5100, 'failed', 'offline', NULL FROM accounts",
        )
        .execute(pool)
        .await
        .unwrap();
        let round = plan(pool, Cadence::Fixed(INTERVAL)).await.unwrap();
        assert_eq!(round.due, Plan::Due(8600));
    }

    const INTERVAL: Duration = Duration::from_secs(15 * 60);

    #[test]
    fn a_store_that_never_synced_is_due_at_once() {
        assert_eq!(next_due(&RunHistory::default(), INTERVAL), Plan::Due(0));
    }

    #[test]
    fn after_a_success_the_next_run_is_one_interval_later_however_long_the_laptop_slept() {
        let history = RunHistory { last_success: Some(1_000_000), failures: vec![], ban_ends: None };
        assert_eq!(next_due(&history, INTERVAL), Plan::Due(1_000_900));
    }

    #[test]
    fn failures_back_off_doubling_with_jitter_up_to_thirty_minutes() {
        let delays: Vec<i64> = (1..=8).map(|n| backoff_secs(n, 1_700_000_000 + i64::from(n))).collect();
        for (n, delay) in delays.iter().enumerate() {
            let nominal = (60_i64 << n).min(1800);
            assert!(*delay >= nominal * 8 / 10 && *delay <= (nominal * 12 / 10).min(1800), "{n}: {delay}");
        }
        assert!(delays.iter().all(|d| *d <= 1800));
        let history = RunHistory {
            last_success: Some(0),
            failures: vec![(5000, "offline".into()), (4000, "transient".into())],
            ban_ends: None,
        };
        assert_eq!(next_due(&history, INTERVAL), Plan::Due(5000 + backoff_secs(2, 5000)));
    }

    #[test]
    fn a_stated_ban_is_waited_out_whole_and_a_short_one_backs_off_as_usual() {
        let banned = |ends| RunHistory {
            last_success: Some(0),
            failures: vec![(5000, "rate_limited".into())],
            ban_ends: Some(ends),
        };
        assert_eq!(next_due(&banned(5000 + 3600), INTERVAL), Plan::Due(5000 + 3600));
        assert_eq!(next_due(&banned(5001), INTERVAL), Plan::Due(5000 + backoff_secs(1, 5000)));
    }

    #[test]
    fn a_credential_error_pauses_the_schedule() {
        let history =
            RunHistory { last_success: Some(0), failures: vec![(5000, "credentials".into())], ban_ends: None };
        assert_eq!(next_due(&history, INTERVAL), Plan::Paused);
    }
}
