//! 多多进宝's gateway over HTTP (`/api/router`: a JSON body, a form body,
//! or the query string some SDKs send); the faults and admin routes it
//! shares with the other platforms are `served`'s and `admin`'s.

use super::super::faults::{Fault, Faults};
use super::super::served::{dated, Call, Served};
use super::super::{Summary, VirtualClock};
use super::gateway::{self, error_answer, Quirks};
use super::PddSandbox;
use crate::model::EpochSecs;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

impl Served for PddSandbox {
    const GATEWAY_PATH: &'static str = "/api/router";
    const STOPPED: &'static str = "pdd sandbox server stopped";

    fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn summary(&self) -> Summary {
        PddSandbox::summary(self)
    }

    fn throttled(&self, now: EpochSecs) -> Response {
        dated(now, StatusCode::OK, "application/json;charset=utf-8", throttled().body)
    }

    fn answer(&self, call: &Call, fault: Option<Fault>, now: EpochSecs) -> (StatusCode, String) {
        let settings = self.faults.settings();
        let quirks = Quirks {
            repeat_previous_row: fault == Some(Fault::RepeatRow),
            bad_row_share: settings.bad_row_share,
            endless_pages: settings.endless_pages,
        };
        let answer = gateway::handle(&self.dataset, &self.credentials, self.codes, now, quirks, &params_of(call));
        let step = self.clock_step_per_page.load(Ordering::SeqCst);
        if step != 0 {
            self.clock.advance(step);
        }
        (StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), answer.body)
    }
}

/// The call's parameters from wherever the client put them: the query
/// string, then a form or JSON body over it. JSON values are read as the
/// signature reads them: text as itself, numbers and booleans as their
/// JSON text (`"page": 1` signs as `1`), objects and lists as JSON.
fn params_of(call: &Call) -> BTreeMap<String, String> {
    let mut params = call.query_params();
    params.extend(call.form_params());
    if call.body_is("application/json") {
        let object: serde_json::Map<String, Value> = serde_json::from_slice(&call.body).unwrap_or_default();
        params.extend(object.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| match v {
            Value::String(text) => (k, text),
            other => (k, other.to_string()),
        }));
    }
    params
}

/// The platform's two throttle answers, taken in turn (A4): 52101 接口被限流
/// and 70031 调用过于频繁.
fn throttled() -> gateway::Answer {
    static TURN: AtomicU64 = AtomicU64::new(0);
    if TURN.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
        error_answer(52101, "接口被限流", "请稍后重试")
    } else {
        error_answer(70031, "调用过于频繁", "请降低调用频率")
    }
}
