//! The signed HTTP client for JD Union's gateway, over the shared
//! transport (`platform::http`), which signs with the platform's clock.

use super::positions::{
    parse_created_positions, parse_position_page, PlatformPosition, PositionCreate, PositionPage, PositionQuery,
};
use super::promotion::{parse_promotion_link, PromotionCodeReq, PromotionLink};
use super::sign::sign;
use super::wire::{parse_order_page, OrderPage};
use crate::model::{format_platform, EpochSecs};
use crate::platform::http::{Answered, Credentials, Gateway};
use crate::platform::PlatformError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

pub const ORDER_ROW_QUERY: &str = "jd.union.open.order.row.query";
pub const POSITION_QUERY: &str = "jd.union.open.position.query";
pub const POSITION_CREATE: &str = "jd.union.open.position.create";
pub const PROMOTION_BY_SUB_UNION_ID: &str = "jd.union.open.promotion.bysubunionid.get";

/// `orderReq` of `jd.union.open.order.row.query`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderQuery {
    pub page_index: u32,
    pub page_size: u32,
    #[serde(rename = "type")]
    pub time_kind: u8,
    pub start_time: String,
    pub end_time: String,
}

impl OrderQuery {
    /// Rows whose update time lies in `[start, end)`: the incremental query.
    pub fn updated_between(start: EpochSecs, end: EpochSecs, page_index: u32, page_size: u32) -> OrderQuery {
        OrderQuery {
            page_index,
            page_size,
            time_kind: 3,
            start_time: format_platform(start),
            end_time: format_platform(end),
        }
    }
}

pub struct JdClient {
    gateway: Gateway,
    credentials: Credentials,
}

impl JdClient {
    pub fn new(credentials: Credentials, timeout: Duration) -> Result<JdClient, PlatformError> {
        let credentials = credentials.trimmed();
        let gateway = Gateway::new(&credentials.gateway, timeout)?;
        Ok(JdClient { gateway, credentials })
    }

    /// The platform's "now" as best known from its last answer.
    pub fn platform_now(&self) -> EpochSecs {
        self.gateway.platform_now()
    }

    /// Asks the gateway for its time (any answer carries a `Date` header).
    pub async fn calibrate(&self) -> Result<EpochSecs, PlatformError> {
        self.gateway.calibrate().await
    }

    pub async fn order_rows(&self, query: &OrderQuery) -> Result<Answered<OrderPage>, PlatformError> {
        let param = serde_json::json!({ "orderReq": query }).to_string();
        let answered = self.call(ORDER_ROW_QUERY, param).await?;
        Ok(Answered { value: parse_order_page(&answered.value)?, platform_time: answered.platform_time })
    }

    pub async fn positions(&self, page_index: u32) -> Result<PositionPage, PlatformError> {
        let param = serde_json::json!({ "positionReq": PositionQuery::page(page_index) }).to_string();
        parse_position_page(&self.call(POSITION_QUERY, param).await?.value)
    }

    pub async fn create_positions(&self, names: Vec<String>) -> Result<Vec<PlatformPosition>, PlatformError> {
        let param = serde_json::json!({ "positionReq": PositionCreate::named(names) }).to_string();
        parse_created_positions(&self.call(POSITION_CREATE, param).await?.value)
    }

    /// A tracking link, and the platform time it was made at (its 60 days run from then).
    pub async fn promotion_link(&self, request: &PromotionCodeReq) -> Result<Answered<PromotionLink>, PlatformError> {
        let param = serde_json::json!({ "promotionCodeReq": request }).to_string();
        let answered = self.call(PROMOTION_BY_SUB_UNION_ID, param).await?;
        Ok(Answered { value: parse_promotion_link(&answered.value)?, platform_time: answered.platform_time })
    }

    async fn call(&self, method: &str, param_json: String) -> Result<Answered<String>, PlatformError> {
        self.gateway.ensure_calibrated().await?;
        let mut params: BTreeMap<String, String> = BTreeMap::new();
        params.insert("method".into(), method.into());
        params.insert("app_key".into(), self.credentials.app_key.clone());
        params.insert("timestamp".into(), format_platform(self.gateway.platform_now()));
        params.insert("format".into(), "json".into());
        params.insert("v".into(), "1.0".into());
        params.insert("sign_method".into(), "md5".into());
        params.insert("360buy_param_json".into(), param_json);
        let signature = sign(&self.credentials.app_secret, &params);
        params.insert("sign".into(), signature);
        self.gateway.post_form(&params).await
    }

    pub fn gateway(&self) -> &str {
        self.gateway.url()
    }

    /// How far the platform's clock is from this laptop's, from the answers so far.
    pub fn clock_offset_secs(&self) -> i64 {
        self.gateway.clock_offset_secs()
    }
}
