//! The signed client of 多多进宝's gateway (`/api/router`): the common
//! parameters of A1, the MD5 signature of A2, and the order list by update
//! time. It signs with the platform's clock, learned from its answers'
//! `Date`, so a laptop whose clock is wrong still talks to it.

use super::sign::sign;
use super::wire::{parse_order_list, PddPage};
use crate::model::EpochSecs;
use crate::platform::http::{Answered, Credentials, Gateway};
use crate::platform::PlatformError;
use std::collections::BTreeMap;
use std::time::Duration;

pub const ORDER_LIST_INCREMENT: &str = "pdd.ddk.order.list.increment.get";
/// The page sizes the method accepts.
pub const MIN_PAGE_SIZE: u32 = 10;
pub const MAX_PAGE_SIZE: u32 = 100;

/// `pdd.ddk.order.list.increment.get`'s business parameters: rows whose
/// last update lies in `[start_update_time, end_update_time]`, one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderListQuery {
    pub start_update_time: EpochSecs,
    pub end_update_time: EpochSecs,
    pub page: u32,
    pub page_size: u32,
    /// Whether the answer carries `total_count` (the platform's default);
    /// leaving it out makes the answer faster.
    pub return_count: bool,
}

pub struct PddClient {
    gateway: Gateway,
    credentials: Credentials,
}

impl PddClient {
    /// `credentials.app_key` is the app's `client_id`.
    pub fn new(credentials: Credentials, timeout: Duration) -> Result<PddClient, PlatformError> {
        let credentials = credentials.trimmed();
        let gateway = Gateway::new(&credentials.gateway, timeout)?;
        Ok(PddClient { gateway, credentials })
    }

    /// Asks the gateway for its time (any answer carries a `Date` header).
    pub async fn calibrate(&self) -> Result<EpochSecs, PlatformError> {
        self.gateway.calibrate().await
    }

    pub fn gateway(&self) -> &str {
        self.gateway.url()
    }

    /// How far the platform's clock is from this laptop's, from the answers so far.
    pub fn clock_offset_secs(&self) -> i64 {
        self.gateway.clock_offset_secs()
    }

    pub async fn order_page(&self, query: &OrderListQuery) -> Result<Answered<PddPage>, PlatformError> {
        // Until an answer told the platform's time, a timestamp would carry
        // the laptop's clock, which the platform refuses when off by ten minutes.
        self.gateway.ensure_calibrated().await?;
        let mut params: BTreeMap<String, String> = BTreeMap::new();
        params.insert("type".into(), ORDER_LIST_INCREMENT.into());
        params.insert("client_id".into(), self.credentials.app_key.clone());
        params.insert("timestamp".into(), self.gateway.platform_now().to_string());
        params.insert("data_type".into(), "JSON".into());
        params.insert("version".into(), "V1".into());
        params.insert("start_update_time".into(), query.start_update_time.to_string());
        params.insert("end_update_time".into(), query.end_update_time.to_string());
        params.insert("page".into(), query.page.to_string());
        params.insert("page_size".into(), query.page_size.clamp(MIN_PAGE_SIZE, MAX_PAGE_SIZE).to_string());
        params.insert("return_count".into(), query.return_count.to_string());
        let signature = sign(&self.credentials.app_secret, &params);
        params.insert("sign".into(), signature);
        let answered = self.gateway.post_form(&params).await?;
        Ok(Answered { value: parse_order_list(&answered.value)?, platform_time: answered.platform_time })
    }
}
