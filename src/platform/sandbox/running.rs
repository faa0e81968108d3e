//! A platform's sandbox answering on a port: its gateway and the admin
//! routes, and the handle that stops it when dropped.

use super::served::{gateway_call, Served};
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// A sandbox served on `addr` until this is dropped.
pub struct Running<S> {
    pub addr: SocketAddr,
    pub sandbox: Arc<S>,
    task: JoinHandle<()>,
}

impl<S: Served> Running<S> {
    /// Serves `sandbox` on `addr` (port 0 picks a free one).
    pub async fn serve(sandbox: Arc<S>, addr: SocketAddr) -> std::io::Result<Running<S>> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(answer(Arc::clone(&sandbox), listener));
        Ok(Running { addr, sandbox, task })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn gateway_url(&self) -> String {
        format!("{}{}", self.base_url(), S::GATEWAY_PATH)
    }
}

impl<S> Drop for Running<S> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers for `sandbox` on `listener` until the task running this is
/// stopped.
pub async fn answer<S: Served>(sandbox: Arc<S>, listener: impl axum::serve::Listener<Addr = SocketAddr>) {
    let router = Router::new()
        .route(S::GATEWAY_PATH, get(gateway_call::<S>).post(gateway_call::<S>))
        .merge(super::admin::routes::<S>())
        .with_state(sandbox);
    if let Err(error) = axum::serve(listener, router).await {
        tracing::error!(%error, "{}", S::STOPPED);
    }
}
