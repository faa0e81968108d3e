//! JD Union's gateway over HTTP (`/routerjson`, a GET query or a form
//! POST); the faults and admin routes it shares with the other platforms
//! are `served`'s and `admin`'s.

use super::faults::{Fault, Faults};
use super::served::{dated, Call, Served};
use super::{gateway, Sandbox, Summary, VirtualClock};
use crate::model::EpochSecs;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;

impl Served for Sandbox {
    const GATEWAY_PATH: &'static str = "/routerjson";
    const STOPPED: &'static str = "sandbox server stopped";

    fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn summary(&self) -> Summary {
        Sandbox::summary(self)
    }

    fn throttled(&self, now: EpochSecs) -> Response {
        let body = r#"{"code":"429","message":"接口调用超频"}"#.to_owned();
        let mut response = dated(now, StatusCode::TOO_MANY_REQUESTS, "application/json", body);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        response
    }

    fn answer(&self, call: &Call, fault: Option<Fault>, now: EpochSecs) -> (StatusCode, String) {
        let mut params = call.query_params();
        if call.method == Method::POST {
            params.extend(call.form_params());
        }
        let settings = self.faults.settings();
        let quirks = gateway::Quirks {
            row_cap: settings.max_rows_per_window,
            repeat_previous_row: fault == Some(Fault::RepeatRow),
            bad_row_share: settings.bad_row_share,
            endless_pages: settings.endless_pages,
        };
        let answer = gateway::handle(&self.dataset, &self.positions, &self.credentials, now, quirks, &params);
        (StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), answer.body)
    }
}
