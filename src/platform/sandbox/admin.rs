//! The admin routes every platform's sandbox answers beside its gateway,
//! for tests and the demo: its totals (`/admin/summary`), its virtual
//! clock moved on (`/admin/clock/advance?minutes=`) and the faults it
//! injects (`/admin/faults`, GET or a JSON POST).

use super::served::{dated, Served};
use super::FaultSettings;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::sync::Arc;

pub(super) fn routes<S: Served>() -> Router<Arc<S>> {
    Router::new()
        .route("/admin/summary", get(summary::<S>))
        .route("/admin/clock/advance", post(advance_clock::<S>))
        .route("/admin/faults", post(set_faults::<S>).get(get_faults::<S>))
}

async fn summary<S: Served>(State(sandbox): State<Arc<S>>) -> Response {
    let body = serde_json::to_string(&sandbox.summary()).unwrap_or_default();
    json(&*sandbox, body)
}

#[derive(Deserialize)]
struct AdvanceParams {
    minutes: i64,
}

async fn advance_clock<S: Served>(State(sandbox): State<Arc<S>>, Query(params): Query<AdvanceParams>) -> Response {
    let now = sandbox.clock().advance(params.minutes * 60);
    let body = serde_json::json!({ "now": crate::model::format_platform(now) }).to_string();
    json(&*sandbox, body)
}

async fn set_faults<S: Served>(State(sandbox): State<Arc<S>>, Json(settings): Json<FaultSettings>) -> Response {
    sandbox.faults().set(settings);
    get_faults(State(sandbox)).await
}

async fn get_faults<S: Served>(State(sandbox): State<Arc<S>>) -> Response {
    let body = serde_json::to_string(&sandbox.faults().settings()).unwrap_or_default();
    json(&*sandbox, body)
}

fn json(sandbox: &impl Served, body: String) -> Response {
    dated(sandbox.clock().now(), StatusCode::OK, "application/json", body)
}
