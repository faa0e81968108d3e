//! The signed client for 淘宝联盟's TOP gateway (`/router/rest`), over the
//! shared transport (`platform::http`). Its timestamp is Beijing wall time
//! (GMT+8) of the platform's own clock, learned from each answer's `Date`:
//! never the laptop's zone, never the laptop's clock (a laptop outside
//! GMT+8 formatting local time is refused with code 31, as SDKs that do so
//! find out).

use super::punish::{parse_punish_page, PunishPage, DG_PUNISH_ORDER_GET};
use super::refunds::{parse_refund_page, RefundPage, ORDER_REFUND_GET};
use super::sign::{sign, SignMethod};
use super::wire::{parse_details_page, DetailsPage, ORDER_DETAILS_GET};
use crate::model::{format_platform, EpochSecs};
use crate::platform::http::{Answered, Credentials, Gateway};
use crate::platform::PlatformError;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// Rows a page holds: the platform's most.
const PAGE_SIZE: u32 = 100;
/// `query_type=4` of the order list: rows by their update time, the incremental query.
const BY_UPDATE_TIME: &str = "4";
/// `query_type=5` of the 维权 list: 维权 by their update time.
const REFUNDS_BY_UPDATE_TIME: u8 = 5;
/// `jump_type=1`: the page after the cursor.
const FORWARD: u8 = 1;
/// `order_scene=1` of the 维权 list: every order.
const ALL_ORDERS: u8 = 1;
/// `member_type=4` of the 维权 list: every member (1 二方, 2 三方 narrow it).
const ALL_MEMBERS: u8 = 4;

/// One business call: its method, its parameters, and how its answer reads.
trait Call {
    const METHOD: &'static str;
    type Answer;
    fn params(&self) -> Vec<(&'static str, String)>;
    fn read(body: &str) -> Result<Self::Answer, PlatformError>;
}

/// Which orders one order query lists (`order_scene`). Every order is in
/// the first; the other two narrow it to the orders made through a 渠道
/// (`relation_id`) or a 会员 (`special_id`) link, which, one source says,
/// are the only answers naming that id (PLATFORMS.md, part B).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderScene {
    All,
    Channel,
    Member,
}

impl OrderScene {
    /// The scenes that name whose link an order came through.
    pub const NAMING_PEOPLE: [OrderScene; 2] = [OrderScene::Channel, OrderScene::Member];

    fn code(self) -> u8 {
        match self {
            OrderScene::All => 1,
            OrderScene::Channel => 2,
            OrderScene::Member => 3,
        }
    }
}

/// The business parameters of one `taobao.tbk.order.details.get` page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDetailsQuery {
    pub start_time: String,
    pub end_time: String,
    pub page_no: u32,
    /// The previous page's cursor, sent back as it came: none on page 1.
    pub position_index: Option<String>,
    pub order_scene: OrderScene,
}

impl OrderDetailsQuery {
    /// Page 1 of the rows of `scene` whose update time lies in `[start, end]`.
    pub fn updated_between(start: EpochSecs, end: EpochSecs, scene: OrderScene) -> OrderDetailsQuery {
        OrderDetailsQuery {
            start_time: format_platform(start),
            end_time: format_platform(end),
            page_no: 1,
            position_index: None,
            order_scene: scene,
        }
    }

    /// The page after this one, from the cursor this one's answer returned.
    pub fn next(&self, position_index: String) -> OrderDetailsQuery {
        OrderDetailsQuery { page_no: self.page_no + 1, position_index: Some(position_index), ..self.clone() }
    }
}

impl Call for OrderDetailsQuery {
    const METHOD: &'static str = ORDER_DETAILS_GET;
    type Answer = DetailsPage;

    fn params(&self) -> Vec<(&'static str, String)> {
        let cursor = self
            .position_index
            .iter()
            .flat_map(|p| [("position_index", p.clone()), ("jump_type", FORWARD.to_string())]);
        [
            ("query_type", BY_UPDATE_TIME.to_owned()),
            ("start_time", self.start_time.clone()),
            ("end_time", self.end_time.clone()),
            ("page_no", self.page_no.to_string()),
            ("page_size", PAGE_SIZE.to_string()),
            ("order_scene", self.order_scene.code().to_string()),
        ]
        .into_iter()
        .chain(cursor)
        .collect()
    }

    fn read(body: &str) -> Result<DetailsPage, PlatformError> {
        parse_details_page(body)
    }
}

/// The business parameters of one `taobao.tbk.order.refund.get` page: the
/// 维权 updated in a window, every member and order kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundQuery {
    pub start_time: String,
    pub end_time: String,
    pub page_no: u32,
    /// The previous page's cursor, sent back as it came: none on page 1.
    pub position_index: Option<String>,
}

impl RefundQuery {
    /// Page 1 of the 维权 whose update time lies in `[start, end]`.
    pub fn updated_between(start: EpochSecs, end: EpochSecs) -> RefundQuery {
        RefundQuery {
            start_time: format_platform(start),
            end_time: format_platform(end),
            page_no: 1,
            position_index: None,
        }
    }

    /// The page after this one, from the cursor this one's answer returned.
    pub fn next(&self, position_index: String) -> RefundQuery {
        RefundQuery { page_no: self.page_no + 1, position_index: Some(position_index), ..self.clone() }
    }
}

impl Call for RefundQuery {
    const METHOD: &'static str = ORDER_REFUND_GET;
    type Answer = RefundPage;

    /// One form field holding the query as a JSON object, as the SDKs send
    /// `publisher_refund_order_query_option`.
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut option = json!({
            "query_type": REFUNDS_BY_UPDATE_TIME,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "page_no": self.page_no,
            "page_size": PAGE_SIZE,
            "member_type": ALL_MEMBERS,
            "order_scene": ALL_ORDERS,
        });
        if let (Some(cursor), Some(members)) = (&self.position_index, option.as_object_mut()) {
            members.insert("position_index".to_owned(), json!(cursor));
            members.insert("jump_type".to_owned(), json!(FORWARD));
        }
        vec![("publisher_refund_order_query_option", option.to_string())]
    }

    fn read(body: &str) -> Result<RefundPage, PlatformError> {
        parse_refund_page(body)
    }
}

/// The business parameters of one `taobao.tbk.dg.punish.order.get` page:
/// the punished trades created in `span_days` days from `start_time`
/// (Beijing wall time). The span is in days and at most 30 as the current
/// SDK documents it (an older text reads seconds); the platform refuses a
/// longer one, so the sweep asks 30 at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunishQuery {
    pub start_time: String,
    pub span_days: u32,
    pub page_no: u32,
    pub page_size: u32,
}

impl PunishQuery {
    /// Page 1 of the punished trades created in `span_days` days from `start`.
    pub fn created_from(start: EpochSecs, span_days: u32) -> PunishQuery {
        PunishQuery { start_time: format_platform(start), span_days, page_no: 1, page_size: PAGE_SIZE }
    }

    /// The page after this one: the list pages by number, with no cursor.
    pub fn next(&self) -> PunishQuery {
        PunishQuery { page_no: self.page_no + 1, ..self.clone() }
    }
}

impl Call for PunishQuery {
    const METHOD: &'static str = DG_PUNISH_ORDER_GET;
    type Answer = PunishPage;

    /// One form field holding the query as a JSON object, as the SDKs send
    /// `af_order_option`.
    fn params(&self) -> Vec<(&'static str, String)> {
        let option = json!({
            "start_time": self.start_time,
            "span": self.span_days,
            "page_no": self.page_no,
            "page_size": self.page_size,
        });
        vec![("af_order_option", option.to_string())]
    }

    fn read(body: &str) -> Result<PunishPage, PlatformError> {
        parse_punish_page(body)
    }
}

pub struct TaobaoClient {
    gateway: Gateway,
    credentials: Credentials,
    sign_method: SignMethod,
}

impl TaobaoClient {
    /// A client signing with `md5` (the platform's default).
    pub fn new(credentials: Credentials, timeout: Duration) -> Result<TaobaoClient, PlatformError> {
        let credentials = credentials.trimmed();
        let gateway = Gateway::new(&credentials.gateway, timeout)?;
        Ok(TaobaoClient { gateway, credentials, sign_method: SignMethod::Md5 })
    }

    /// The same client signing with `sign_method` instead.
    pub fn signing_with(self, sign_method: SignMethod) -> TaobaoClient {
        TaobaoClient { sign_method, ..self }
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

    /// One page of `taobao.tbk.order.details.get`.
    pub async fn order_page(&self, query: &OrderDetailsQuery) -> Result<Answered<DetailsPage>, PlatformError> {
        self.call(query).await
    }

    /// One page of `taobao.tbk.order.refund.get`.
    pub async fn refund_page(&self, query: &RefundQuery) -> Result<Answered<RefundPage>, PlatformError> {
        self.call(query).await
    }

    /// One page of `taobao.tbk.dg.punish.order.get`.
    pub async fn punish_page(&self, query: &PunishQuery) -> Result<Answered<PunishPage>, PlatformError> {
        self.call(query).await
    }

    /// Signs the call at the platform's time, posts it and reads the answer
    /// (a refusal among its readings).
    async fn call<C: Call>(&self, query: &C) -> Result<Answered<C::Answer>, PlatformError> {
        self.gateway.ensure_calibrated().await?;
        let form = signed_form(&self.credentials, self.sign_method, self.gateway.platform_now(), query);
        let answered = self.gateway.post_form(&form).await?;
        Ok(Answered { value: C::read(&answered.value)?, platform_time: answered.platform_time })
    }
}

/// The whole signed form of one call at platform time `now`: system
/// parameters (`simplify=true`, the smaller answer; both shapes are read),
/// the query's, and `sign` over all of them.
fn signed_form<C: Call>(
    credentials: &Credentials,
    sign_method: SignMethod,
    now: EpochSecs,
    query: &C,
) -> BTreeMap<String, String> {
    let system = [
        ("method", C::METHOD.to_owned()),
        ("app_key", credentials.app_key.clone()),
        ("timestamp", format_platform(now)),
        ("format", "json".to_owned()),
        ("v", "2.0".to_owned()),
        ("sign_method", sign_method.as_str().to_owned()),
        ("simplify", "true".to_owned()),
    ];
    let mut form: BTreeMap<String, String> =
        system.into_iter().chain(query.params()).map(|(k, v)| (k.to_owned(), v)).collect();
    let signature = sign(&credentials.app_secret, &form, sign_method);
    form.insert("sign".to_owned(), signature);
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials {
            gateway: "https://eco.taobao.com/router/rest".into(),
            app_key: "12345678".into(),
            app_secret: "helloworld".into(),
        }
    }

    /// 2026-11-18 12:00:00 UTC.
    const UTC_NOON: EpochSecs = 1_795_003_200;

    #[test]
    fn the_timestamp_is_beijing_wall_time_of_a_utc_instant() {
        let form = signed_form(
            &credentials(),
            SignMethod::Md5,
            UTC_NOON,
            &OrderDetailsQuery::updated_between(UTC_NOON - 3600, UTC_NOON, OrderScene::All),
        );
        assert_eq!(form["timestamp"], "2026-11-18 20:00:00");
        assert_eq!(
            (form["start_time"].as_str(), form["end_time"].as_str()),
            ("2026-11-18 19:00:00", "2026-11-18 20:00:00")
        );
    }

    #[test]
    fn page_one_carries_no_cursor_and_the_next_page_sends_it_back() {
        let first = OrderDetailsQuery::updated_between(UTC_NOON - 3600, UTC_NOON, OrderScene::All);
        let form = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &first);
        for (key, value) in [
            ("method", "taobao.tbk.order.details.get"),
            ("app_key", "12345678"),
            ("format", "json"),
            ("v", "2.0"),
            ("sign_method", "md5"),
            ("simplify", "true"),
            ("query_type", "4"),
            ("page_no", "1"),
            ("page_size", "100"),
            ("order_scene", "1"),
        ] {
            assert_eq!(form.get(key).map(String::as_str), Some(value), "{key}");
        }
        assert!(!form.contains_key("position_index") && !form.contains_key("jump_type"));
        let second = first.next("1555904214_a|1555917305_b".to_owned());
        let form = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &second);
        assert_eq!((form["page_no"].as_str(), form["jump_type"].as_str()), ("2", "1"));
        assert_eq!(form["position_index"], "1555904214_a|1555917305_b");
        for (scene, code) in [(OrderScene::Channel, "2"), (OrderScene::Member, "3")] {
            let narrowed = OrderDetailsQuery::updated_between(UTC_NOON - 3600, UTC_NOON, scene).next("c".to_owned());
            let form = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &narrowed);
            assert_eq!((form["order_scene"].as_str(), form["page_no"].as_str()), (code, "2"), "{scene:?}");
        }
    }

    #[test]
    fn the_form_is_signed_over_every_other_parameter_with_the_chosen_method() {
        let query = OrderDetailsQuery::updated_between(UTC_NOON - 3600, UTC_NOON, OrderScene::All);
        for method in [SignMethod::Md5, SignMethod::Hmac] {
            let form = signed_form(&credentials(), method, UTC_NOON, &query);
            assert_eq!(form["sign_method"], method.as_str());
            assert_eq!(form["sign"], sign("helloworld", &form, method));
        }
        let md5 = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &query);
        let hmac = signed_form(&credentials(), SignMethod::Hmac, UTC_NOON, &query);
        assert_ne!(md5["sign"], hmac["sign"]);
    }

    /// The one business field of a 维权 page, as the JSON object it carries.
    fn refund_option(form: &BTreeMap<String, String>) -> serde_json::Value {
        serde_json::from_str(&form["publisher_refund_order_query_option"]).unwrap()
    }

    #[test]
    fn a_refund_page_carries_one_json_option_and_the_next_page_sends_the_cursor_back() {
        let first = RefundQuery::updated_between(UTC_NOON - 3600, UTC_NOON);
        let form = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &first);
        assert_eq!(form["method"], "taobao.tbk.order.refund.get");
        assert_eq!((form["timestamp"].as_str(), form["simplify"].as_str()), ("2026-11-18 20:00:00", "true"));
        let business: Vec<&str> = form
            .keys()
            .map(String::as_str)
            .filter(|k| {
                !["method", "app_key", "timestamp", "format", "v", "sign_method", "simplify", "sign"].contains(k)
            })
            .collect();
        assert_eq!(business, ["publisher_refund_order_query_option"]);
        assert_eq!(form["sign"], sign("helloworld", &form, SignMethod::Md5), "the option is signed with the rest");
        assert_eq!(
            refund_option(&form),
            json!({
                "query_type": 5, "start_time": "2026-11-18 19:00:00", "end_time": "2026-11-18 20:00:00",
                "page_no": 1, "page_size": 100, "member_type": 4, "order_scene": 1,
            })
        );
        let second = first.next("1555904214_a|1555917305_b".to_owned());
        let option = refund_option(&signed_form(&credentials(), SignMethod::Hmac, UTC_NOON, &second));
        assert_eq!((option["page_no"].clone(), option["query_type"].clone()), (json!(2), json!(5)));
        assert_eq!(
            (option["position_index"].clone(), option["jump_type"].clone()),
            (json!("1555904214_a|1555917305_b"), json!(1))
        );
        assert_eq!(second.next("c".to_owned()).page_no, 3);
    }

    #[test]
    fn a_punish_page_carries_one_json_option_with_the_span_in_days_and_pages_by_number() {
        let first = PunishQuery::created_from(UTC_NOON - 30 * 86_400, 30);
        let form = signed_form(&credentials(), SignMethod::Md5, UTC_NOON, &first);
        assert_eq!(form["method"], "taobao.tbk.dg.punish.order.get");
        assert_eq!((form["timestamp"].as_str(), form["simplify"].as_str()), ("2026-11-18 20:00:00", "true"));
        let business: Vec<&str> = form
            .keys()
            .map(String::as_str)
            .filter(|k| {
                !["method", "app_key", "timestamp", "format", "v", "sign_method", "simplify", "sign"].contains(k)
            })
            .collect();
        assert_eq!(business, ["af_order_option"]);
        assert_eq!(form["sign"], sign("helloworld", &form, SignMethod::Md5), "the option is signed with the rest");
        let option: serde_json::Value = serde_json::from_str(&form["af_order_option"]).unwrap();
        assert_eq!(
            option,
            json!({ "start_time": "2026-10-19 20:00:00", "span": 30, "page_no": 1, "page_size": 100 }),
            "Beijing wall time, the span in days"
        );
        let second = first.next();
        let option: serde_json::Value =
            serde_json::from_str(&signed_form(&credentials(), SignMethod::Hmac, UTC_NOON, &second)["af_order_option"])
                .unwrap();
        assert_eq!(
            option,
            json!({ "start_time": "2026-10-19 20:00:00", "span": 30, "page_no": 2, "page_size": 100 }),
            "page 2 is page_no 2 of the same span"
        );
        assert_eq!(second.next().page_no, 3);
        assert_eq!(PunishQuery::created_from(UTC_NOON, 7).span_days, 7);
    }

    #[test]
    fn plain_http_off_this_machine_is_refused() {
        let insecure = Credentials { gateway: "http://gw.api.taobao.com/router/rest".into(), ..credentials() };
        assert!(matches!(TaobaoClient::new(insecure, Duration::from_secs(1)), Err(PlatformError::Insecure { .. })));
        assert!(TaobaoClient::new(credentials(), Duration::from_secs(1)).is_ok());
    }
}
