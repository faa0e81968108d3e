//! Shared set-up for engine integration tests: a sandbox served on loopback,
//! a store in a temporary folder and an account pointing at the sandbox.
#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tuanzhang::account::{self, Account};
use tuanzhang::platform::http::Credentials;
use tuanzhang::platform::jd::JdClient;
use tuanzhang::platform::sandbox::{
    FaultSettings, RunningSandbox, Sandbox, SandboxConfig, Summary, DEMO_APP_KEY, DEMO_APP_SECRET,
};
use tuanzhang::platform::PlatformClient;
use tuanzhang::store::secrets::MemorySecrets;
use tuanzhang::store::stats::{stats, Stats};
use tuanzhang::store::Store;
use tuanzhang::sync::{sync_account, SyncError, SyncOptions, SyncReport};

/// Every test's "now": Wednesday 2026-11-18, 20:00 in Beijing (12:00 UTC):
/// mid-month, mid-week, a busy hour, no campaign week. Pinned so no test
/// depends on the hour, day or month it runs at; the sandbox's virtual
/// clock and the engine's `today` arguments both start from it.
pub const NOW: i64 = 1_795_003_200;

/// The key the stores in `dir` are encrypted with: the one kept in the
/// folder's secrets file, where a CLI child run with
/// `TUANZHANG_SECRET_STORE=file` on the same folder finds it too.
pub fn key(dir: &std::path::Path) -> tuanzhang::store::StoreKey {
    let secrets = tuanzhang::store::secrets::FileSecrets::new(dir);
    tuanzhang::store::StoreKey::load_or_create(&secrets).expect("the test folder keeps a key")
}

/// A script material's form with a title and a body, everything else empty.
pub fn script(title: &str, body: &str) -> tuanzhang::materials::MaterialDraft {
    material(tuanzhang::model::MaterialKind::Script, title, body)
}

/// A material's form of `kind` with a title and a body, everything else empty.
pub fn material(kind: tuanzhang::model::MaterialKind, title: &str, body: &str) -> tuanzhang::materials::MaterialDraft {
    tuanzhang::materials::MaterialDraft {
        title: title.into(),
        kind,
        body: body.into(),
        notes: String::new(),
        tags: Vec::new(),
        folder_id: None,
        product: String::new(),
        expires_on: String::new(),
        parts: Default::default(),
    }
}

/// The Beijing day of `NOW`.
pub fn today() -> tuanzhang::model::BizDay {
    tuanzhang::model::BizDay::of(NOW)
}

pub struct World {
    pub sandbox: RunningSandbox,
    pub store: Store,
    pub account: Account,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub fn config(seed: u64, rows_per_day: u32, anchor: i64) -> SandboxConfig {
    let mut config = SandboxConfig::new(seed, anchor);
    config.rows_per_day = rows_per_day;
    config
}

impl World {
    pub async fn new(config: SandboxConfig) -> World {
        let sandbox = Arc::new(Sandbox::new(config))
            .serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("sandbox serves on loopback");
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &key(dir.path())).await.expect("store opens");
        let secrets = MemorySecrets::default();
        let account =
            account::set_jd(store.pool(), &secrets, &sandbox.gateway_url(), DEMO_APP_KEY, DEMO_APP_SECRET, false)
                .await
                .expect("account is set");
        World { sandbox, store, account, http: reqwest::Client::new(), _dir: dir }
    }

    /// The data folder her store is in, for a CLI run against it.
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub async fn sync_with_secret(&self, secret: &str) -> Result<SyncReport, SyncError> {
        // The sandbox sets no rate limit unless a test asks for one, and
        // a retry need not wait long on this machine.
        let options = SyncOptions {
            requests_per_sec: 0,
            retry_base: std::time::Duration::from_millis(5),
            ..SyncOptions::default()
        };
        self.sync_using(secret, options).await
    }

    pub async fn sync_using(&self, secret: &str, options: SyncOptions) -> Result<SyncReport, SyncError> {
        let client = JdClient::new(
            Credentials {
                gateway: self.sandbox.gateway_url(),
                app_key: DEMO_APP_KEY.to_owned(),
                app_secret: secret.to_owned(),
            },
            options.request_timeout,
        )
        .expect("client builds");
        let client = PlatformClient::Jd(client);
        sync_account(&self.store, &self.account, &client, options, |_| {}).await
    }

    /// A client of the sandbox with the demo account's credentials.
    pub fn client(&self) -> JdClient {
        let credentials = Credentials {
            gateway: self.sandbox.gateway_url(),
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: DEMO_APP_SECRET.to_owned(),
        };
        JdClient::new(credentials, std::time::Duration::from_secs(10)).expect("client builds")
    }

    pub async fn sync(&self) -> Result<SyncReport, SyncError> {
        self.sync_with_secret(DEMO_APP_SECRET).await
    }

    /// The summary as a client sees it: over HTTP.
    pub async fn summary(&self) -> Summary {
        self.http
            .get(format!("{}/admin/summary", self.sandbox.base_url()))
            .send()
            .await
            .expect("summary answers")
            .text()
            .await
            .map(|body| serde_json::from_str(&body).expect("summary is JSON"))
            .expect("summary body")
    }

    pub async fn advance_minutes(&self, minutes: i64) {
        let response = self
            .http
            .post(format!("{}/admin/clock/advance?minutes={minutes}", self.sandbox.base_url()))
            .send()
            .await
            .expect("clock advances");
        assert!(response.status().is_success());
    }

    pub async fn set_faults(&self, faults: FaultSettings) {
        let response = self
            .http
            .post(format!("{}/admin/faults", self.sandbox.base_url()))
            .header("content-type", "application/json")
            .body(serde_json::to_string(&faults).expect("faults serialize"))
            .send()
            .await
            .expect("faults are set");
        assert!(response.status().is_success(), "{}", response.text().await.unwrap_or_default());
    }

    pub async fn stats(&self) -> Stats {
        stats(self.store.pool()).await.expect("stats")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        count(&self.store, sql).await
    }

    /// Every line behind the total `which` over `range`, read page by page:
    /// how many there are, and their amounts' sum.
    pub async fn total_lines(
        &self,
        which: tuanzhang::earnings::rows_behind::TotalLines,
        range: (tuanzhang::model::BizDay, tuanzhang::model::BizDay),
        today: tuanzhang::model::BizDay,
    ) -> (i64, i64) {
        use tuanzhang::model::paging::PageRequest;
        let (mut offset, mut sum) = (0_u32, 0_i64);
        loop {
            let page = PageRequest { offset, limit: 200 };
            let found =
                tuanzhang::earnings::rows_behind::total_lines(self.store.pool(), None, which, range, today, page)
                    .await
                    .unwrap();
            sum += found.items.iter().map(|r| r.amount_fen.fen()).sum::<i64>();
            offset += found.items.len() as u32;
            if found.items.is_empty() || i64::from(offset) >= found.total {
                return (found.total, sum);
            }
        }
    }

    pub async fn cursor(&self) -> Option<i64> {
        sqlx::query_scalar("SELECT position FROM sync_cursors").fetch_optional(self.store.pool()).await.expect("cursor")
    }
}

/// Local totals must mean exactly what the platform's mean.
pub fn assert_same(stats: &Stats, summary: &Summary) {
    assert_eq!(stats.rows, summary.rows, "rows");
    assert_eq!(stats.orders, summary.orders, "orders");
    assert_eq!(stats.groups, summary.positions, "groups vs positions");
    assert_eq!(stats.partners, summary.sub_union_ids, "partners vs sub-union ids");
    assert_eq!(stats.estimate_fee_fen, summary.estimate_fee_fen, "estimated fee");
    assert_eq!(stats.actual_fee_fen, summary.actual_fee_fen, "actual fee");
    assert_eq!(stats.rows_by_valid_code, summary.rows_by_valid_code, "rows by valid code");
}

/// An empty store in a fresh temporary folder (kept alive by the guard).
pub async fn empty_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &key(dir.path())).await.expect("store opens");
    (dir, store)
}

/// The team rollups must equal what the raw rows and the tree say, for
/// every partner and day: own totals from her rows, team totals from the
/// rows of everyone below her at any depth.
pub async fn assert_team_rollups_match_rows(store: &Store) {
    let pool = store.pool();
    let mismatched_own: i64 = sqlx::query_scalar(
        "WITH raw AS (SELECT partner_id, order_day AS day, COUNT(DISTINCT order_id) AS orders,
                             SUM(estimate_fee_fen) AS e, SUM(actual_fee_fen) AS a
                      FROM order_rows WHERE partner_id IS NOT NULL AND valid_code IN (16, 17, 18, 24)
                      GROUP BY partner_id, order_day),
              kept AS (SELECT partner_id, day, orders, estimate_fee_fen AS e, actual_fee_fen AS a FROM partner_daily
                       WHERE orders <> 0 OR estimate_fee_fen <> 0 OR actual_fee_fen <> 0)
         SELECT COUNT(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM kept
                               UNION ALL SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM raw))",
    )
    .fetch_one(pool)
    .await
    .expect("own totals compare");
    assert_eq!(mismatched_own, 0, "partner_daily differs from the raw rows");
    let mismatched_team: i64 = sqlx::query_scalar(
        "WITH RECURSIVE up (ancestor_id, partner_id) AS (
                 SELECT parent_id, id FROM partners WHERE parent_id IS NOT NULL
                 UNION ALL SELECT p.parent_id, up.partner_id FROM up JOIN partners p ON p.id = up.ancestor_id
                 WHERE p.parent_id IS NOT NULL),
              raw AS (SELECT up.ancestor_id, r.order_day AS day, COUNT(DISTINCT r.order_id) AS orders,
                             SUM(r.estimate_fee_fen) AS e, SUM(r.actual_fee_fen) AS a
                      FROM up JOIN order_rows r ON r.partner_id = up.partner_id
                      WHERE r.valid_code IN (16, 17, 18, 24) GROUP BY up.ancestor_id, r.order_day),
              kept AS (SELECT ancestor_id, day, orders, estimate_fee_fen AS e, actual_fee_fen AS a FROM team_daily
                       WHERE orders <> 0 OR estimate_fee_fen <> 0 OR actual_fee_fen <> 0)
         SELECT COUNT(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM kept
                               UNION ALL SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM raw))",
    )
    .fetch_one(pool)
    .await
    .expect("team totals compare");
    assert_eq!(mismatched_team, 0, "team_daily differs from the raw rows under each partner");
    let mismatched_ranking: i64 = sqlx::query_scalar(
        "WITH ceilings AS (SELECT day / 100 AS month, partner_id, SUM(MAX(estimate_fee_fen, 0)) AS c
                           FROM partner_daily GROUP BY day / 100, partner_id),
              kept_ceilings AS (SELECT month, partner_id, ceiling_fen AS c FROM partner_month_ceiling),
              totals AS (SELECT day, SUM(orders) AS o, SUM(estimate_fee_fen) AS e, SUM(actual_fee_fen) AS a
                         FROM partner_daily GROUP BY day),
              kept_totals AS (SELECT day, orders AS o, estimate_fee_fen AS e, actual_fee_fen AS a FROM partner_day_totals)
         SELECT (SELECT COUNT(*) FROM (SELECT * FROM ceilings EXCEPT SELECT * FROM kept_ceilings
                                       UNION ALL SELECT * FROM (SELECT * FROM kept_ceilings EXCEPT SELECT * FROM ceilings)))
              + (SELECT COUNT(*) FROM (SELECT * FROM totals EXCEPT SELECT * FROM kept_totals
                                       UNION ALL SELECT * FROM (SELECT * FROM kept_totals EXCEPT SELECT * FROM totals)))",
    )
    .fetch_one(pool)
    .await
    .expect("ranking rollups compare");
    assert_eq!(mismatched_ranking, 0, "the partner ranking's ceilings or day totals differ from partner_daily");
    let mismatched_platforms: i64 = sqlx::query_scalar(
        "WITH raw AS (SELECT platform, partner_id, order_day AS day, COUNT(DISTINCT order_id) AS orders,
                             SUM(estimate_fee_fen) AS e, SUM(actual_fee_fen) AS a
                      FROM order_rows WHERE partner_id IS NOT NULL AND valid_code IN (16, 17, 18, 24)
                      GROUP BY platform, partner_id, order_day),
              kept AS (SELECT platform, partner_id, day, orders, estimate_fee_fen AS e, actual_fee_fen AS a
                       FROM partner_platform_daily WHERE orders <> 0 OR estimate_fee_fen <> 0 OR actual_fee_fen <> 0),
              ceilings AS (SELECT platform, day / 100 AS month, partner_id, SUM(MAX(estimate_fee_fen, 0)) AS c
                           FROM partner_platform_daily GROUP BY platform, day / 100, partner_id),
              kept_ceilings AS (SELECT platform, month, partner_id, ceiling_fen AS c FROM partner_platform_month_ceiling),
              totals AS (SELECT platform, day, SUM(orders) AS o, SUM(e) AS e, SUM(a) AS a FROM raw GROUP BY platform, day),
              kept_totals AS (SELECT platform, day, orders AS o, estimate_fee_fen AS e, actual_fee_fen AS a
                              FROM partner_platform_day_totals
                              WHERE orders <> 0 OR estimate_fee_fen <> 0 OR actual_fee_fen <> 0)
         SELECT (SELECT COUNT(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM kept
                                       UNION ALL SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM raw)))
              + (SELECT COUNT(*) FROM (SELECT * FROM ceilings EXCEPT SELECT * FROM kept_ceilings
                                       UNION ALL SELECT * FROM (SELECT * FROM kept_ceilings EXCEPT SELECT * FROM ceilings)))
              + (SELECT COUNT(*) FROM (SELECT * FROM totals EXCEPT SELECT * FROM kept_totals
                                       UNION ALL SELECT * FROM (SELECT * FROM kept_totals EXCEPT SELECT * FROM totals)))",
    )
    .fetch_one(pool)
    .await
    .expect("platform rollups compare");
    assert_eq!(mismatched_platforms, 0, "a platform's partner days, ceilings or day totals differ from its rows");
}

/// A partner to seed straight into the store, as an import or sync would
/// leave her: `Partner::named("王芳").under(root).joined(day).insert(&store)`.
pub struct Partner {
    name: String,
    role: &'static str,
    parent: Option<i64>,
    wechat: Option<String>,
    phone: Option<String>,
    joined_on: Option<tuanzhang::model::BizDay>,
    sub_union_id: Option<String>,
    placeholder: bool,
}

impl Partner {
    pub fn named(name: &str) -> Partner {
        Partner {
            name: name.to_owned(),
            role: "member",
            parent: None,
            wechat: None,
            phone: None,
            joined_on: None,
            sub_union_id: None,
            placeholder: false,
        }
    }

    pub fn role(self, role: &'static str) -> Partner {
        Partner { role, ..self }
    }

    pub fn under(self, parent: Option<i64>) -> Partner {
        Partner { parent, ..self }
    }

    pub fn wechat(self, wechat: &str) -> Partner {
        Partner { wechat: Some(wechat.to_owned()), ..self }
    }

    pub fn phone(self, phone: &str) -> Partner {
        Partner { phone: Some(phone.to_owned()), ..self }
    }

    pub fn joined(self, day: tuanzhang::model::BizDay) -> Partner {
        Partner { joined_on: Some(day), ..self }
    }

    /// A placeholder sync created for an unknown sub-union id.
    pub fn placeholder_for(self, sub_union_id: &str) -> Partner {
        Partner { sub_union_id: Some(sub_union_id.to_owned()), placeholder: true, ..self }
    }

    pub async fn insert(self, store: &Store) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO partners (name, role, parent_id, wechat, phone, joined_on, sub_union_id, is_placeholder, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0) RETURNING id",
        )
        .bind(&self.name)
        .bind(self.role)
        .bind(self.parent)
        .bind(&self.wechat)
        .bind(&self.phone)
        .bind(self.joined_on)
        .bind(&self.sub_union_id)
        .bind(self.placeholder)
        .fetch_one(store.pool())
        .await
        .expect("the partner seeds")
    }
}

/// A sales group with no position, as entered by hand.
pub async fn seed_group(store: &Store, name: &str) -> i64 {
    sqlx::query_scalar("INSERT INTO groups (name, kind, created_at) VALUES (?1, 'sales', 0) RETURNING id")
        .bind(name)
        .fetch_one(store.pool())
        .await
        .expect("the group seeds")
}

/// What synced orders leave in the group rollup for one day: `orders`
/// valid orders (one row each) worth `estimate_fen` in all.
pub async fn seed_group_day(store: &Store, group: i64, day: tuanzhang::model::BizDay, orders: i64, estimate_fen: i64) {
    sqlx::query(
        "INSERT INTO daily_rollup (day, group_id, pay_month, rows, valid_rows, orders, estimate_fee_fen)
         VALUES (?1, ?2, 0, ?3, ?3, ?3, ?4)",
    )
    .bind(day)
    .bind(group)
    .bind(orders)
    .bind(estimate_fen)
    .execute(store.pool())
    .await
    .expect("the rollup seeds");
}

/// The one number `sql` selects from `store`, e.g. a `SELECT COUNT(*)`.
pub async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(store.pool()).await.expect(sql)
}

/// The field a form's refusal names, whether the value was invalid or
/// taken by another record.
pub fn field_of(error: tuanzhang::model::FormError) -> &'static str {
    use tuanzhang::model::FormError;
    match error {
        FormError::Invalid { field, .. } | FormError::Conflict { field, .. } => field,
        other => panic!("expected a field's refusal, got {other}"),
    }
}

/// The field a form refused as invalid (a conflict or any other error
/// fails the test).
pub fn invalid_field(error: tuanzhang::model::FormError) -> &'static str {
    match error {
        tuanzhang::model::FormError::Invalid { field, .. } => field,
        other => panic!("expected an invalid field, got {other}"),
    }
}

/// The engine's command line on data folder `dir` with secrets in its file
/// and Chinese messages, for a test to add arguments, variables and pipes.
pub fn cli_command(dir: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tuanzhang"));
    command.arg("--data-dir").arg(dir).env("TUANZHANG_SECRET_STORE", "file").env("TUANZHANG_LANG", "zh-CN");
    command
}

/// Runs the engine's command line on `dir` with trace logging, no stdin and
/// `env` besides, for the tests that look for what must not be logged; it
/// must succeed.
pub fn cli_traced(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let output = cli_command(dir)
        .args(args)
        .envs(env.iter().copied())
        .env("TUANZHANG_LOG", "trace")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Runs the engine's command line on data folder `dir` (secrets in its
/// file, Chinese messages): its stdout, its stderr and whether it succeeded.
pub fn cli(dir: &std::path::Path, args: &[&str]) -> (String, String, bool) {
    let output = cli_command(dir).args(args).output().expect("the CLI runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (text(&output.stdout), text(&output.stderr), output.status.success())
}

/// 分润 tests' hand-built platform data: the one account order rows need.
pub async fn seed_account(store: &Store) {
    sqlx::query("INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (1, 'jd', 'http://127.0.0.1', 'k', 0)")
        .execute(store.pool())
        .await
        .expect("account");
}

/// A settled (or, without `pay_month`, not yet settled) order row under
/// `partner`, ordered at 01:00 Beijing on `ordered`; its order id is
/// `id + 5000000` and its product `商品<id>`.
pub async fn seed_row(store: &Store, id: i64, partner: Option<i64>, ordered: &str, pay_month: Option<&str>, fee: i64) {
    let day = |text: &str| tuanzhang::model::BizDay::parse(text).expect("a day");
    let ordered = day(ordered);
    sqlx::query(
        "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id,
             sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
             estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id,
             plus, valid_code, partner_id)
         VALUES (?1, 1, ?1 + 5000000, 0, ?2, ?3, ?2, 1, '商品' || ?1, 1, 0, 0, 1000, 1, 1000, 9000,
                 1000, ?4, 1000, ?5, ?6, 1, 0, ?7, ?8)",
    )
    .bind(id)
    .bind(ordered.start() + 3600)
    .bind(ordered)
    .bind(fee)
    .bind(if pay_month.is_some() { fee } else { 0 })
    .bind(pay_month.map(day))
    .bind(if pay_month.is_some() { 17 } else { 16 })
    .bind(partner)
    .execute(store.pool())
    .await
    .expect("row");
}

/// A refund after settlement, as `balanceExt` reports it: the row settled
/// `fee` on `settled_on`, and `taken` of it came back on `on`; the row's own
/// figures move as sync would leave them.
pub async fn seed_clawback(store: &Store, id: i64, settled_on: &str, fee: i64, on: &str, taken: i64) {
    let day = |text: &str| tuanzhang::model::BizDay::parse(text).expect("a day");
    for (settle_day, amount) in [(day(settled_on), fee), (day(on), -taken)] {
        sqlx::query("INSERT INTO order_row_settlements (row_id, settle_day, fee_fen) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(settle_day)
            .bind(amount)
            .execute(store.pool())
            .await
            .expect("settlement");
    }
    sqlx::query("UPDATE order_rows SET actual_fee_fen = actual_fee_fen - ?2 WHERE id = ?1")
        .bind(id)
        .bind(taken)
        .execute(store.pool())
        .await
        .expect("refund");
}
