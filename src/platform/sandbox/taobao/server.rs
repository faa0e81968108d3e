//! 淘宝联盟's TOP gateway over HTTP (a form POST, or the query string the
//! official SDK puts its system parameters in); the faults and admin
//! routes it shares with the other platforms are `served`'s and `admin`'s.
//! TOP answers its refusals with HTTP 200; only the injected 5xx is not.

use super::super::faults::{Fault, Faults};
use super::super::served::{dated, Call, Served};
use super::super::{Summary, VirtualClock};
use super::gateway::{self, error_response, Quirks};
use super::{TaobaoSandbox, GATEWAY_PATH};
use crate::model::EpochSecs;
use crate::platform::taobao::DG_PUNISH_ORDER_GET;
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};

impl Served for TaobaoSandbox {
    const GATEWAY_PATH: &'static str = GATEWAY_PATH;
    const STOPPED: &'static str = "taobao sandbox server stopped";

    fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn summary(&self) -> Summary {
        TaobaoSandbox::summary(self)
    }

    fn throttled(&self, now: EpochSecs) -> Response {
        dated(now, StatusCode::OK, "application/json;charset=utf-8", throttled())
    }

    fn answer(&self, call: &Call, fault: Option<Fault>, now: EpochSecs) -> (StatusCode, String) {
        let mut params = call.query_params();
        params.extend(call.form_params());
        if let Some(secs) = self.lock().ban_secs {
            let sub = format!("This ban will last {secs} more seconds");
            let sub = ("accesscontrol.limited-by-app-access-count", sub.as_str());
            return (StatusCode::OK, error_response(7, "App Call Limited", Some(sub)));
        }
        if self.lock().punish_list_refused && params.get("method").map(String::as_str) == Some(DG_PUNISH_ORDER_GET) {
            let sub = ("isv.permission-api-package-limit", "scope ids is 11655 call ids is 52426");
            return (StatusCode::OK, error_response(11, "Insufficient isv permissions", Some(sub)));
        }
        let settings = self.faults.settings();
        let quirks = Quirks {
            row_cap: settings.max_rows_per_window,
            repeat_previous_row: fault == Some(Fault::RepeatRow),
            bad_row_share: settings.bad_row_share,
            endless_pages: settings.endless_pages,
            window_secs: self.window_secs(),
            stale_cursor: self.refuses_cursor(&params),
            people_in_every_scene: self.lock().people_in_every_scene,
        };
        (StatusCode::OK, gateway::handle(&self.dataset, &self.credentials, now, quirks, &params))
    }
}

/// The platform's two throttle answers, taken in turn (B4, B5): code 7
/// (App Call Limited, a ban of some seconds) and `15/9100` (the account's
/// own limit across every tool).
fn throttled() -> String {
    static TURN: AtomicU64 = AtomicU64::new(0);
    if TURN.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
        let sub = ("accesscontrol.limited-by-app-access-count", "This ban will last 1 more seconds");
        error_response(7, "App Call Limited", Some(sub))
    } else {
        let sub = ("9100", "同一个账号1秒总请求次数约200次，其中调用API约40次，请降低调用频率");
        error_response(15, "Remote service error", Some(sub))
    }
}
