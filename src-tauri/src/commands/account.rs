//! 设置 → 平台账号 and which store is open: test an account on 京东联盟, 多多进宝 or 淘宝联盟, connect it
//! to her own store, and switch between her data and the demo's. The secret goes to the keyring and
//! never comes back.

use super::Reply;
use crate::state::{AppInfo, AppState};
use crate::tasks;
use tauri::{AppHandle, Runtime, State};
use tuanzhang::account;
use tuanzhang::account::connect::{self, AccountForm};
use tuanzhang::error::AppError;
use tuanzhang::model::{FormError, Message};
use tuanzhang::store::{Store, StoreKind};

#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ConnectionTest {
    /// What the call found, in the window's words: JD's promotion
    /// positions, or the other platforms' orders of the last hour.
    pub found: Message,
}

/// One signed call with the form's account; nothing is saved.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn test_connection(account: AccountForm) -> Reply<ConnectionTest> {
    let credentials = account.checked()?;
    match connect::test(account.platform, credentials).await {
        Ok(found) => Ok(ConnectionTest { found }),
        Err(error) => {
            let (field, message) = connect::problem(account.platform, &error);
            Err(FormError::invalid(field, message).into())
        }
    }
}

/// Tests the account, keeps it in her own store (the secret in the
/// keyring), opens her store and starts its first sync.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connect_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account: AccountForm,
) -> Reply<AppInfo> {
    let credentials = account.checked()?;
    if let Err(error) = connect::test(account.platform, credentials.clone()).await {
        let (field, message) = connect::problem(account.platform, &error);
        return Err(FormError::invalid(field, message).into());
    }
    let hers = Store::open(&state.folder.store_dir(StoreKind::Mine), &state.key).await.map_err(AppError::internal)?;
    let saved = account::set(
        hers.pool(),
        state.secrets.as_ref(),
        account.platform,
        &credentials.gateway,
        &credentials.app_key,
        &credentials.app_secret,
        false,
    )
    .await;
    hers.close().await;
    saved?;
    let opened = state.switch(StoreKind::Mine).await?;
    tasks::start(&app, &state);
    opened.sync.start();
    Ok(opened.info.clone())
}

/// Opens her store or the demo's; the window says which at all times.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn open_store<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, store: StoreKind) -> Reply<AppInfo> {
    let opened = state.switch(store).await?;
    tasks::start(&app, &state);
    Ok(opened.info.clone())
}
