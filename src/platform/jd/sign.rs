//! JD open-API request signing: uppercase hex MD5 of
//! `secret + k1v1k2v2… + secret` over every parameter but `sign`, sorted by
//! key, empty values skipped. Values are signed raw (before URL encoding).

use crate::platform::signing::md5_wrapped;
use std::collections::BTreeMap;

pub fn sign(secret: &str, params: &BTreeMap<String, String>) -> String {
    md5_wrapped(secret, params.iter().filter(|(k, v)| k.as_str() != "sign" && !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// The expected value was computed independently with Python:
    /// `hashlib.md5(b"testsecret" + b"360buy_param_json{\"orderReq\":{\"pageIndex\":1}}app_keytestkeyformatjson"
    ///  b"methodjd.union.open.order.row.querysign_methodmd5timestamp2026-11-23 10:00:00v1.0" + b"testsecret")`.
    #[test]
    fn matches_an_independent_implementation() {
        let p = params(&[
            ("method", "jd.union.open.order.row.query"),
            ("app_key", "testkey"),
            ("timestamp", "2026-11-23 10:00:00"),
            ("format", "json"),
            ("v", "1.0"),
            ("sign_method", "md5"),
            ("360buy_param_json", r#"{"orderReq":{"pageIndex":1}}"#),
            ("access_token", ""),
            ("sign", "ignored"),
        ]);
        assert_eq!(sign("testsecret", &p), "171DAD1FDB58C84211E0565FBC3217EE");
    }

    #[test]
    fn a_space_in_the_timestamp_is_signed_as_a_space() {
        let spaced = params(&[("timestamp", "2026-11-23 10:00:00")]);
        let plussed = params(&[("timestamp", "2026-11-23+10:00:00")]);
        assert_ne!(sign("s", &spaced), sign("s", &plussed));
    }
}
