//! What every sandbox reply carries besides its data: the platform's business error and a request id.

use serde_json::{json, Value};

pub(super) fn business_error(code: i64, message: &str) -> Value {
    json!({ "code": code, "message": message, "requestId": request_id() })
}

pub(super) fn request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("sandbox-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
