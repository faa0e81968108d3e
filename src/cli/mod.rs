//! Argument parsing and the commands; progress goes to stderr, results to
//! stdout.

mod earnings;
mod materials;
mod packs;
mod payouts;
mod plans;

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tuanzhang::account;
use tuanzhang::demo;
use tuanzhang::files::import::{self, DuplicatePolicy, ImportKind};
use tuanzhang::files::{archive, export, tabular};
use tuanzhang::media::MediaStore;
use tuanzhang::model::{now_epoch, BizDay, Lang, Message, Platform};
use tuanzhang::platform::sandbox::pdd::PddSandbox;
use tuanzhang::platform::sandbox::taobao::TaobaoSandbox;
use tuanzhang::platform::sandbox::{Sandbox, SandboxConfig};
use tuanzhang::store::atomic::{self, Existing};
use tuanzhang::store::lock::FolderLock;
use tuanzhang::store::secrets::{self, SecretStore};
use tuanzhang::store::{backups, health, BackupReason, DataFolder, Store, StoreKey, StoreKind};
use tuanzhang::store::{settings, stats};
use tuanzhang::sync::schedule::{self, Cadence};
use tuanzhang::sync::service::{Round, ServiceError, SyncService};
use tuanzhang::sync::{SyncOptions, SyncProgress, SyncReport};
use tuanzhang::upkeep;

#[derive(Parser)]
#[command(name = "tuanzhang", version, about = "团长工作台 Tuanzhang: the engine without a window")]
struct Cli {
    /// Folder of the SQLite store (default: TUANZHANG_DATA_DIR, else the OS app-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Which store of the folder: hers or the demo's (default: the one the window opens; `info` names it).
    #[arg(long, global = true, value_enum, value_name = "STORE")]
    store: Option<StoreArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the platform sandbox in-process, set up a demo account against it and sync once (in the demo store).
    Demo,
    /// Where the data folder is, which store the window opens, each store's schema and account (never a secret).
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Ask SQLite whether each store is whole: prints `ok`, or what is wrong (and exits 1).
    Check,
    /// Copies of her store in its backups folder.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Pull order rows from the platform into the local store.
    Sync {
        /// Keep running, syncing on the interval and backing off after failures.
        #[arg(long)]
        watch: bool,
        /// With --watch: minutes between runs (default: the app's setting, 15).
        #[arg(long, value_name = "N")]
        interval_minutes: Option<u64>,
        /// How many days a first sync reaches back (the platform serves 90).
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=90))]
        backfill_days: i64,
        /// Requests a second sent at most (0: no limit; the platform answers 429 above its own).
        #[arg(long, default_value_t = SyncOptions::default().requests_per_sec)]
        requests_per_sec: u32,
        /// Seconds one request may take before the run counts it as failed.
        #[arg(long, default_value_t = SyncOptions::default().request_timeout.as_secs_f64(), value_parser = positive_seconds)]
        timeout_secs: f64,
        /// Milliseconds before a failed request is first sent again (each later wait doubles).
        #[arg(long, default_value_t = SyncOptions::default().retry_base.as_millis() as u64)]
        retry_base_ms: u64,
        /// When the app or another sync holds the data folder, wait for it instead of stopping.
        #[arg(long)]
        wait: bool,
        /// Sync one platform only (default: every connected one).
        #[arg(long, value_parser = parse_platform_word)]
        platform: Option<Platform>,
    },
    /// The training library: add materials, search them.
    #[command(subcommand)]
    Materials(materials::MaterialsCommand),
    /// Training packs (.tzpack) between laptops.
    #[command(subcommand)]
    Pack(packs::PackCommand),
    /// The daily posting plan: plans, today's posts, what she did with each.
    #[command(subcommand)]
    Plan(plans::PlanCommand),
    /// 分润: the payout plan, monthly close, statements, payments and adjustments.
    #[command(subcommand)]
    Payout(payouts::PayoutCommand),
    /// Earnings over a range, read from the local store: totals and one row per day, week, month,
    /// group, partner, category, status, hour or weekday.
    Report(earnings::ReportArgs),
    /// Totals of the local store.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Platform accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Draw an earnings chart over a range as SVG or PNG.
    Chart(earnings::ChartArgs),
    /// 晒收入: her totals and a small trend as a 1080-pixel PNG, no names on it.
    ShareCard(earnings::ShareCardArgs),
    /// The platform sandbox.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Settings shared with the desktop app.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Import partners or groups from CSV (UTF-8 or GBK) or XLSX: every good
    /// row in one transaction; bad rows printed as FILE:LINE: COLUMN: reason.
    Import {
        table: TableName,
        file: PathBuf,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Rows matching an existing partner (WeChat id, phone, sub-union id)
        /// or group (position): leave it, or update it with the row.
        #[arg(long, value_enum, default_value = "skip")]
        on_duplicate: OnDuplicate,
    },
    /// Export partners or groups to CSV or XLSX (by the file's extension),
    /// or `all`: every table as CSV and JSON in one ZIP, with a manifest.
    Export {
        table: ExportName,
        file: PathBuf,
        /// Write WeChat ids and phones in full instead of masked.
        #[arg(long)]
        reveal: bool,
        /// Replace FILE if it is already there.
        #[arg(long)]
        overwrite: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StoreArg {
    /// Her own account's data (我的数据).
    Mine,
    /// The demo's (演示数据), made by `tuanzhang demo` or the app.
    Demo,
}

impl From<StoreArg> for StoreKind {
    fn from(store: StoreArg) -> StoreKind {
        match store {
            StoreArg::Mine => StoreKind::Mine,
            StoreArg::Demo => StoreKind::Demo,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportName {
    Partners,
    Groups,
    /// Every table of the store.
    All,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TableName {
    Partners,
    Groups,
}

impl From<TableName> for ImportKind {
    fn from(table: TableName) -> ImportKind {
        match table {
            TableName::Partners => ImportKind::Partners,
            TableName::Groups => ImportKind::Groups,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OnDuplicate {
    Skip,
    Merge,
}

#[derive(Subcommand)]
enum BackupCommand {
    /// Take a copy now.
    Create,
    /// Every copy, newest first, with what it holds.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Put the copy ID in the store's place (the store as it is now is copied first).
    Restore { id: String },
}

#[derive(Subcommand)]
enum SettingsCommand {
    /// Minutes between automatic syncs (1–1440; the default is 15).
    SyncInterval { minutes: u64 },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Set the JD Union account; the secret comes from TUANZHANG_APP_SECRET or a prompt.
    #[command(name = "set-jd")]
    Jd {
        #[arg(long)]
        gateway: String,
        #[arg(long)]
        app_key: String,
    },
    /// Set the 多多进宝 account; the secret comes from TUANZHANG_APP_SECRET or a prompt.
    #[command(name = "set-pdd")]
    Pdd {
        #[arg(long)]
        gateway: String,
        #[arg(long)]
        client_id: String,
    },
    /// Set the 淘宝联盟 account; the secret comes from TUANZHANG_APP_SECRET or a prompt.
    #[command(name = "set-taobao")]
    Taobao {
        #[arg(long)]
        gateway: String,
        #[arg(long)]
        app_key: String,
    },
}

#[derive(Subcommand)]
enum SandboxCommand {
    /// Serve a platform's sandbox over HTTP (JD Union unless --platform says
    /// otherwise); the first stdout line is `listening on http://ADDR`.
    Serve {
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
        /// jd, pdd or taobao.
        #[arg(long, default_value = "jd", value_parser = parse_platform_word)]
        platform: Platform,
        #[arg(long, default_value_t = demo::DEMO_SEED)]
        seed: u64,
        #[arg(long, default_value = tuanzhang::platform::sandbox::DEMO_APP_KEY)]
        app_key: String,
        #[arg(long, default_value = tuanzhang::platform::sandbox::DEMO_APP_SECRET)]
        app_secret: String,
        /// Order rows per ordinary day (promotion days get more).
        #[arg(long, default_value_t = 400)]
        rows_per_day: u32,
        /// Let the virtual clock follow real time instead of waiting for /admin/clock/advance.
        #[arg(long)]
        realtime: bool,
    },
}

pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TUANZHANG_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

async fn run(cli: Cli) -> CliResult {
    let folder = DataFolder::resolve(cli.data_dir.as_deref());
    match cli.command {
        Command::Sandbox(SandboxCommand::Serve {
            addr,
            platform,
            seed,
            app_key,
            app_secret,
            rows_per_day,
            realtime,
        }) => {
            let mut config = SandboxConfig::new(seed, now_epoch());
            config.app_key = app_key;
            config.app_secret = app_secret;
            config.rows_per_day = rows_per_day;
            config.ticking = realtime;
            serve_sandbox(platform, config, addr).await
        }
        local => run_local(&folder, cli.store.map(StoreKind::from), local).await,
    }
}

/// Every command that works on the data folder: its stores open with the
/// key kept beside the account secret, at the folder's root, as the window
/// finds it.
async fn run_local(folder: &DataFolder, asked: Option<StoreKind>, command: Command) -> CliResult {
    // Refused before the key or the lock is written: a demo asked for that
    // was never made leaves the folder as it was.
    let opens_a_store = !matches!(command, Command::Demo | Command::Info { .. } | Command::Check);
    if opens_a_store && asked == Some(StoreKind::Demo) && !has_store(folder, StoreKind::Demo) {
        return Err(Message::new("cli.noDemoStore").render(Lang::from_env()).into());
    }
    let secrets = secrets::open_default(folder.root());
    let key = StoreKey::load_or_create(&*secrets)?;
    // These look at both stores, and must work when one does not open.
    match command {
        Command::Sandbox(_) => return Err("the sandbox needs no data folder".into()),
        Command::Info { json } => return info(folder, &key, json).await,
        Command::Check => return check(folder, &key).await,
        _ => {}
    }
    let kind = match (&command, asked) {
        (Command::Demo, Some(StoreKind::Mine)) => return Err("`tuanzhang demo` fills the demo's store only".into()),
        (Command::Demo, _) => StoreKind::Demo,
        // Her account goes into her store, as the window's 平台账号 puts it.
        (Command::Account(_), Some(StoreKind::Demo)) => {
            return Err("the demo keeps its own account; `account set-jd` sets hers, in her store".into())
        }
        (Command::Account(_), _) => StoreKind::Mine,
        (_, Some(kind)) => kind,
        (_, None) => match demo::store_to_open(folder, &key).await {
            Ok(window_opens) => default_store(folder, window_opens),
            // Hers does not open: the window's start screen then offers her
            // copies, and `backup list|restore` here must reach them too.
            Err(demo::OpensError::Store(_)) => StoreKind::Mine,
            Err(error) => return Err(error.into()),
        },
    };
    let data_dir = folder.store_dir(kind);
    match command {
        Command::Backup(BackupCommand::List { json }) => {
            let found = backups::list(&data_dir, &key).await?;
            if json {
                println!("{}", serde_json::to_string(&found)?);
            } else {
                for b in &found {
                    println!(
                        "{}  {}  partners {}, groups {}, order rows {}",
                        b.id, b.taken_at, b.partners, b.groups, b.order_rows
                    );
                }
            }
            Ok(())
        }
        Command::Backup(BackupCommand::Restore { id }) => {
            let _lock = FolderLock::acquire(folder.root(), "tuanzhang backup restore")?;
            let restored = backups::restore(&data_dir, &key, &id, now_epoch()).await?;
            println!(
                "restored {} ({}): {} partners, {} order rows",
                restored.id, restored.taken_at, restored.partners, restored.order_rows
            );
            Ok(())
        }
        command => {
            // One lock for the whole folder, whichever store is written: the
            // window holds the same one over both.
            let _lock = lock_for(&command, folder)?;
            let store = upkeep::open_for_work(&data_dir, &key).await?;
            let outcome = run_with_store(command, kind, &store, &data_dir, secrets).await;
            store.close().await;
            outcome
        }
    }
}

/// What a command opens without `--store`: the store the window opens,
/// except that while the demo's was never made it is hers, since the window
/// makes the demo as it opens it and the command line only when asked
/// (`tuanzhang demo`).
fn default_store(folder: &DataFolder, window_opens: StoreKind) -> StoreKind {
    if window_opens == StoreKind::Demo && !has_store(folder, StoreKind::Demo) {
        StoreKind::Mine
    } else {
        window_opens
    }
}

fn has_store(folder: &DataFolder, kind: StoreKind) -> bool {
    folder.store_dir(kind).join(tuanzhang::store::DB_FILE).exists()
}

/// Commands that write a store take the data folder's lock, as the app
/// does; reading ones (stats, export, charts) need not.
fn lock_for(command: &Command, folder: &DataFolder) -> Result<Option<FolderLock>, Box<dyn std::error::Error>> {
    let writes = matches!(
        command,
        Command::Sync { .. }
            | Command::Demo
            | Command::Import { .. }
            | Command::Account(_)
            | Command::Settings(_)
            | Command::Backup(_)
            | Command::Materials(materials::MaterialsCommand::Add { .. })
            | Command::Plan(_)
            | Command::Payout(
                payouts::PayoutCommand::Plan(payouts::PlanCommand::Set(_))
                    | payouts::PayoutCommand::Close { .. }
                    | payouts::PayoutCommand::Pay { .. }
                    | payouts::PayoutCommand::Adjust { .. }
            )
            | Command::Pack(packs::PackCommand::Export { .. } | packs::PackCommand::Import { dry_run: false, .. })
    );
    if !writes {
        return Ok(None);
    }
    let lock = match command {
        Command::Sync { wait: true, .. } => {
            eprintln!("waiting for the data folder (Ctrl-C stops)…");
            FolderLock::wait(folder.root(), "tuanzhang sync", Duration::from_secs(1), u32::MAX)?
        }
        _ => FolderLock::acquire(folder.root(), "the tuanzhang command line")?,
    };
    Ok(Some(lock))
}

/// One store as `info` reports it.
#[derive(serde::Serialize)]
struct StoreInfo {
    kind: StoreKind,
    path: PathBuf,
    schema_version: i64,
    /// `gateway (app key)` of the JD Union account in use; the secret is never read.
    account: Option<String>,
    /// `platform: gateway (app key)` of every platform's account in use.
    accounts: Vec<String>,
}

async fn store_info(
    folder: &DataFolder,
    key: &StoreKey,
    kind: StoreKind,
) -> Result<Option<StoreInfo>, Box<dyn std::error::Error>> {
    if !has_store(folder, kind) {
        return Ok(None);
    }
    let dir = folder.store_dir(kind);
    let store = Store::open(&dir, key).await?;
    let schema_version = health::schema_version(store.pool()).await?;
    let account = account::current(store.pool()).await?.map(|a| format!("{} ({})", a.gateway, a.app_key));
    let accounts = account::connected(store.pool())
        .await?
        .iter()
        .map(|a| format!("{}: {} ({})", a.platform, a.gateway, a.app_key))
        .collect();
    store.close().await;
    Ok(Some(StoreInfo { kind, path: dir.join(tuanzhang::store::DB_FILE), schema_version, account, accounts }))
}

async fn info(folder: &DataFolder, key: &StoreKey, json: bool) -> CliResult {
    let stores = [store_info(folder, key, StoreKind::Mine).await?, store_info(folder, key, StoreKind::Demo).await?];
    let stores: Vec<StoreInfo> = stores.into_iter().flatten().collect();
    let opens = demo::store_to_open(folder, key).await?;
    let default = default_store(folder, opens);
    if json {
        let value = serde_json::json!({
            "data_dir": folder.root(), "opens": opens, "default_store": default, "stores": stores
        });
        println!("{value}");
        return Ok(());
    }
    println!("data folder: {}", folder.root().display());
    println!("the window opens: {}", serde_json::to_value(opens)?.as_str().unwrap_or("mine"));
    println!(
        "commands use: {} (--store mine|demo for the other)",
        serde_json::to_value(default)?.as_str().unwrap_or("mine")
    );
    for store in &stores {
        println!(
            "{}: {} (schema {}), accounts: {}",
            serde_json::to_value(store.kind)?.as_str().unwrap_or("?"),
            store.path.display(),
            store.schema_version,
            if store.accounts.is_empty() { "none".to_owned() } else { store.accounts.join("; ") }
        );
    }
    Ok(())
}

async fn check(folder: &DataFolder, key: &StoreKey) -> CliResult {
    let mut whole = true;
    for kind in [StoreKind::Mine, StoreKind::Demo] {
        let dir = folder.store_dir(kind);
        if !dir.join(tuanzhang::store::DB_FILE).exists() {
            continue;
        }
        let store = Store::open(&dir, key).await?;
        let problems = health::problems(store.pool()).await?;
        // A damaged file is not read further; a whole one has its closed
        // payout months checked against the hash each close stored.
        let tampered = if problems.is_empty() { tuanzhang::payouts::verify(store.pool()).await? } else { Vec::new() };
        store.close().await;
        for problem in &problems {
            println!("{}: {problem}", dir.display());
        }
        for month in tampered.iter().filter(|m| !m.ok) {
            println!("{}: 分润 {} no longer matches what closing it stored", dir.display(), month.month);
        }
        whole &= problems.is_empty() && tampered.iter().all(|m| m.ok);
    }
    if whole {
        println!("ok");
        Ok(())
    } else {
        Err("the store is damaged: restore a backup".into())
    }
}

async fn run_with_store(
    command: Command,
    kind: StoreKind,
    store: &Store,
    store_dir: &std::path::Path,
    secrets: Arc<dyn SecretStore>,
) -> CliResult {
    match command {
        Command::Demo => {
            let demo = demo::start(store, secrets.as_ref()).await?;
            eprintln!("demo platform at {}", demo.gateway);
            sync_now(&SyncService::new(store.clone(), secrets).with_options(demo.sync_options())).await?;
            if demo::payouts::enter(store.pool(), BizDay::today(), now_epoch()).await? == demo::payouts::Entered::Now {
                eprintln!("demo 分润: a plan and two closed months");
            }
            Ok(())
        }
        Command::Sync {
            watch,
            interval_minutes,
            backfill_days,
            requests_per_sec,
            timeout_secs,
            retry_base_ms,
            wait: _,
            platform,
        } => {
            let options = SyncOptions {
                backfill_days,
                requests_per_sec,
                request_timeout: Duration::from_secs_f64(timeout_secs),
                retry_base: Duration::from_millis(retry_base_ms),
                ..SyncOptions::default()
            };
            // The demo's account points at its platform, which answers only
            // while it is started in this process, as the window does.
            let _platform = match kind {
                StoreKind::Demo => Some(demo::start(store, secrets.as_ref()).await?),
                StoreKind::Mine => None,
            };
            let service = SyncService::new(store.clone(), secrets).with_options(options);
            if !watch {
                return sync_platforms(&service, platform).await;
            }
            let cadence = match interval_minutes {
                Some(minutes) => {
                    eprintln!("watching: a sync every {} minutes; Ctrl-C stops", minutes.max(1));
                    Cadence::Fixed(Duration::from_secs(minutes.max(1) * 60))
                }
                None => {
                    let minutes = settings::load(store.pool()).await?.sync_interval_minutes;
                    eprintln!("watching: a sync every {minutes} minutes (the setting); Ctrl-C stops");
                    Cadence::Setting
                }
            };
            tokio::select! {
                outcome = schedule::watch(&service, cadence, print_progress, print_outcome, true) => Ok(outcome?),
                _ = tokio::signal::ctrl_c() => Ok(()),
            }
        }
        Command::Materials(command) => materials::run(command, store.pool(), &MediaStore::of(store), now_epoch()).await,
        Command::Pack(command) => packs::run(command, store.pool(), &MediaStore::of(store), now_epoch()).await,
        Command::Plan(command) => plans::run(command, store.pool(), now_epoch()).await,
        Command::Payout(command) => {
            payouts::run(command, store.pool(), BizDay::today(), now_epoch(), Lang::from_env()).await
        }
        Command::Report(args) => earnings::run_report(args, store.pool(), BizDay::today()).await,
        Command::Stats { json } => {
            let stats = stats::stats(store.pool()).await?;
            if json {
                println!("{}", serde_json::to_string(&stats)?);
            } else {
                println!("{stats:#?}");
            }
            Ok(())
        }
        Command::Account(command) => {
            let (platform, gateway, app_key) = match command {
                AccountCommand::Jd { gateway, app_key } => (Platform::Jd, gateway, app_key),
                AccountCommand::Pdd { gateway, client_id } => (Platform::Pdd, gateway, client_id),
                AccountCommand::Taobao { gateway, app_key } => (Platform::Taobao, gateway, app_key),
            };
            let secret = match std::env::var("TUANZHANG_APP_SECRET") {
                Ok(secret) if !secret.trim().is_empty() => secret,
                _ => prompt_secret()?,
            };
            let account =
                account::set(store.pool(), secrets.as_ref(), platform, &gateway, &app_key, &secret, false).await?;
            if let Some(warning) = secrets.warning() {
                eprintln!("warning: {}", warning.render(Lang::from_env()));
            }
            println!("account {} set: {} ({})", account.id, account.gateway, account.app_key);
            Ok(())
        }
        Command::Chart(args) => earnings::run_chart(args, store.pool(), BizDay::today()).await,
        Command::ShareCard(args) => earnings::run_share_card(args, store.pool(), BizDay::today()).await,
        Command::Settings(SettingsCommand::SyncInterval { minutes }) => {
            let minutes = u32::try_from(minutes).unwrap_or(u32::MAX);
            let saved = settings::update(store.pool(), |s| s.sync_interval_minutes = minutes).await?;
            println!("sync interval: {} minutes", saved.sync_interval_minutes);
            Ok(())
        }
        Command::Import { table, file, dry_run, on_duplicate } => {
            import_file(store, table.into(), &file, dry_run, on_duplicate).await
        }
        Command::Export { table, file, reveal, overwrite } => match table {
            ExportName::All => export_all(store, &file, reveal, overwrite).await,
            ExportName::Partners => export_table(store, ImportKind::Partners, &file, reveal, overwrite).await,
            ExportName::Groups => export_table(store, ImportKind::Groups, &file, reveal, overwrite).await,
        },
        Command::Backup(BackupCommand::Create) => {
            let now = now_epoch();
            let copy = backups::create(store.pool(), store_dir, BackupReason::Manual, now).await?;
            backups::prune(store_dir, &backups::list(store_dir, store.key()).await?, now)?;
            println!("{}", copy.display());
            Ok(())
        }
        Command::Sandbox(_) | Command::Info { .. } | Command::Check | Command::Backup(_) => {
            unreachable!("handled before a store is opened")
        }
    }
}

/// Staged and renamed; a file already at `path` is replaced only with `--overwrite`.
fn write_out(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), String> {
    atomic::write(path, bytes, existing(overwrite)).map_err(|e| write_failure(path, &e))
}

fn existing(overwrite: bool) -> Existing {
    if overwrite {
        Existing::Replace
    } else {
        Existing::Keep
    }
}

fn write_failure(path: &Path, error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::AlreadyExists {
        format!("{} is already there; choose another name or add --overwrite", path.display())
    } else {
        format!("cannot write {}: {error}", path.display())
    }
}

async fn export_all(store: &Store, file: &Path, reveal: bool, overwrite: bool) -> CliResult {
    let manifest = archive::export_everything(store, file, existing(overwrite), reveal, now_epoch()).await?;
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    println!("exported {} tables, {rows} rows, to {}", manifest.tables.len(), file.display());
    Ok(())
}

async fn export_table(store: &Store, kind: ImportKind, file: &Path, reveal: bool, overwrite: bool) -> CliResult {
    let exported = export::export(store.pool(), kind, &file.to_string_lossy(), reveal).await?;
    write_out(file, &exported.bytes, overwrite)?;
    for note in &exported.unreadable {
        eprintln!("warning: {}", note.render(Lang::from_env()));
    }
    println!("exported to {}", file.display());
    Ok(())
}

async fn import_file(
    store: &Store,
    kind: ImportKind,
    file: &Path,
    dry_run: bool,
    on_duplicate: OnDuplicate,
) -> CliResult {
    let name = file.display().to_string();
    let length = std::fs::metadata(file).map_err(|e| format!("cannot read {name}: {e}"))?.len();
    tabular::check_size(&name, length)?;
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let table = tabular::read(&name, &bytes)?;
    let policy = match on_duplicate {
        OnDuplicate::Skip => DuplicatePolicy::Skip,
        OnDuplicate::Merge => DuplicatePolicy::Merge,
    };
    let (preview, outcome) = if dry_run {
        (import::preview(store.pool(), kind, &table, BizDay::today()).await?, None)
    } else {
        let progress = |done: u64, total: u64| eprintln!("import: {done}/{total}");
        let (preview, outcome) =
            import::commit(store.pool(), kind, &table, policy, BizDay::today(), now_epoch(), progress).await?;
        (preview, Some(outcome))
    };
    for issue in &preview.issues {
        println!("{}", issue.located(&name, Lang::from_env()));
    }
    let action = if matches!(on_duplicate, OnDuplicate::Merge) { "merged into" } else { "skipped, already have" };
    for duplicate in &preview.duplicates {
        println!(
            "{name}:{}: {}: {action} {:?} (id {})",
            duplicate.line, duplicate.matched_on, duplicate.existing_name, duplicate.existing_id
        );
    }
    match outcome {
        Some(outcome) => println!("imported {}, skipped {}", outcome.imported + outcome.merged, outcome.skipped),
        None => {
            let bad_lines: std::collections::HashSet<u64> = preview.issues.iter().map(|i| i.line).collect();
            println!("imported 0, skipped {} (dry run: {} rows would be written)", bad_lines.len(), preview.ready);
        }
    }
    Ok(())
}

/// Typed without echo, so no one beside her reads it off the screen.
fn prompt_secret() -> Result<String, Box<dyn std::error::Error>> {
    let line = rpassword::prompt_password("App Secret (not shown as you type): ")?;
    if line.trim().is_empty() {
        return Err("no app secret given (set TUANZHANG_APP_SECRET or type it at the prompt)".into());
    }
    Ok(line)
}

fn print_progress(p: &SyncProgress) {
    // One line per 5% keeps a log readable while still showing motion.
    let step = (p.windows_planned / 20).max(1);
    if p.windows_done.is_multiple_of(step) || p.windows_done == p.windows_planned {
        eprintln!(
            "sync ({}): window {}/{} · pages {} · rows fetched {} · written {}",
            p.platform, p.windows_done, p.windows_planned, p.pages, p.rows_fetched, p.rows_written
        );
    }
}

fn print_outcome(outcome: &Result<Vec<SyncReport>, ServiceError>) {
    match outcome {
        Ok(reports) => {
            for report in reports {
                println!(
                    "sync succeeded ({}): {} windows, {} pages, {} rows fetched, {} rows written",
                    report.progress.platform,
                    report.progress.windows_done,
                    report.progress.pages,
                    report.progress.rows_fetched,
                    report.progress.rows_written
                );
            }
        }
        Err(error) => eprintln!("sync failed: {error}"),
    }
}

async fn sync_now(service: &SyncService) -> CliResult {
    sync_platforms(service, None).await
}

async fn sync_platforms(service: &SyncService, only: Option<Platform>) -> CliResult {
    let round = only.map_or(Round::All, Round::Only);
    let reports = service.run_once(round, print_progress).await.ok_or("another sync is already running")??;
    print_outcome(&Ok(reports));
    Ok(())
}

fn parse_platform_word(word: &str) -> Result<Platform, String> {
    Platform::parse(word).ok_or_else(|| format!("expected jd, pdd or taobao, got {word:?}"))
}

async fn serve_sandbox(platform: Platform, config: SandboxConfig, addr: SocketAddr) -> CliResult {
    // Each kind of sandbox answers while its handle is kept.
    let (base_url, _running): (String, Box<dyn std::any::Any>) = match platform {
        Platform::Jd => {
            let running = Arc::new(Sandbox::new(config)).serve(addr).await?;
            (running.base_url(), Box::new(running))
        }
        Platform::Pdd => {
            let running = Arc::new(PddSandbox::new(config)).serve(addr).await?;
            (running.base_url(), Box::new(running))
        }
        Platform::Taobao => {
            let running = Arc::new(TaobaoSandbox::new(config)).serve(addr).await?;
            (running.base_url(), Box::new(running))
        }
    };
    println!("listening on {base_url}");
    use std::io::Write;
    std::io::stdout().flush()?;
    tokio::signal::ctrl_c().await?;
    Ok(())
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0 => Ok(seconds),
        _ => Err(format!("expected seconds between 0 and 3600, got {text:?}")),
    }
}
