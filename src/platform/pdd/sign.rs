//! 多多进宝 request signing: uppercase hex MD5 of
//! `client_secret + k1v1k2v2… + client_secret` over every parameter but
//! `sign`, sorted by key in byte order (the official SDK's `TreeMap`).
//! Unlike JD, an empty value is signed as itself: the official SDK omits
//! only absent (null) parameters, and those never reach this map.

use crate::platform::signing::md5_wrapped;
use std::collections::BTreeMap;

pub fn sign(client_secret: &str, params: &BTreeMap<String, String>) -> String {
    md5_wrapped(client_secret, params.iter().filter(|(k, _)| k.as_str() != "sign"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// The worked example of the platform's own "API调用指南" page.
    #[test]
    fn reproduces_the_platforms_published_signature() {
        let p = params(&[
            ("type", "pdd.order.number.list.get"),
            ("client_id", "1"),
            ("access_token", "asd78172s8ds9a921j9qqwda12312w1w21211"),
            ("timestamp", "1480411125"),
            ("data_type", "XML"),
            ("order_status", "1"),
            ("page", "1"),
            ("page_size", "10"),
            ("sign", "not signed"),
        ]);
        assert_eq!(sign("testSecret", &p), "E4DE3ED21002510DED352819E7AE6775");
    }

    #[test]
    fn every_parameter_and_the_secret_count() {
        let p = params(&[("page", "1"), ("client_id", "1")]);
        let other_page = params(&[("page", "2"), ("client_id", "1")]);
        assert_ne!(sign("s", &p), sign("s", &other_page));
        assert_ne!(sign("s", &p), sign("t", &p));
    }
}
