//! 多多进宝's wire format (`../shared/PLATFORMS.md` A3, A4): the
//! `order_list_get_response` envelope, rows read one by one into the one
//! ledger's `OrderRow` (money in integer fen, rates in ‰, times in UNIX
//! seconds), and `error_response` turned into the refusals the window
//! already words.

use crate::model::{BizDay, EpochSecs, Money, OrderId, OrderRow, Platform, RatePct, RejectedRow, RowId, ValidCode};
use crate::platform::jd::{bounds, OrderPage};
use crate::platform::{PlatformError, Refusal};
use chrono::Datelike;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

pub const ORDER_LIST_RESPONSE: &str = "order_list_get_response";

/// The code our sandbox answers a timestamp more than ten minutes from its
/// clock with. The platform documents none (A4); `10001` (公共参数错误) is the
/// likeliest, so that code means a wrong clock only when it names the
/// `timestamp` parameter.
pub const CLOCK_CODE: i64 = 10001;

/// PDD's settlement calendar (A6): on the 20th it pays what was audited
/// from the 16th of the month before to the 15th of this one; an order is
/// audited 15 days after receipt when nothing was sent back.
pub const AUDIT_CUTOFF_DAY: u32 = 15;
pub const PAY_DAY: u32 = 20;
pub const AUDIT_AFTER_RECEIPT_DAYS: i64 = 15;

/// What a row of this platform can hold, beyond `platform::jd::bounds`.
pub mod pdd_bounds {
    /// `order_sn` is `yymmdd-` and fifteen digits; keys far longer are not ours.
    pub const MAX_ORDER_SN_CHARS: usize = 64;
    pub const MAX_P_ID_CHARS: usize = 64;
    /// The documentation caps `custom_parameters` at 64 bytes; an echo a
    /// little longer is still kept, one far longer is not a parameter.
    pub const MAX_CUSTOM_PARAMETERS_BYTES: usize = 256;
    /// Rates are ‰: 1000 is the whole price.
    pub const MAX_RATE_PERMILLE: i64 = 1_000;
    pub const MAX_NO_SUBSIDY_REASON_CHARS: usize = 200;
    pub const MAX_CAT_IDS: usize = 32;
    /// A page is at most 100 rows; an answer holding ten times that is broken.
    pub const MAX_ROWS_PER_PAGE: usize = 1_000;
    /// What an error's message keeps of the platform's words.
    pub const MAX_MESSAGE_CHARS: usize = 120;
}

/// The subsidy fields of a row (A7): stored apart, never shown to or
/// exported for a partner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PddSubsidy {
    pub subsidy_amount: Money,
    /// Must not be shown to a downline agent (the platform's own words).
    pub duo_amount_level: Money,
    /// Must not be shown to a downline agent either.
    pub duo_amount_ten_million: Money,
    pub subsidy_type: Option<i64>,
    pub no_subsidy_reason: Option<String>,
}

/// One answered page: the rows, the count the platform gave when asked
/// (`return_count`), and the subsidy fields of each row read.
pub struct PddPage {
    pub total_count: Option<u64>,
    pub page: OrderPage,
    pub subsidies: Vec<(RowId, PddSubsidy)>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default, borrow)]
    order_list_get_response: Option<ListResponse<'a>>,
    #[serde(default)]
    error_response: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct ListResponse<'a> {
    #[serde(default, borrow)]
    order_list: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    total_count: Option<Value>,
}

pub fn parse_order_list(body: &str) -> Result<PddPage, PlatformError> {
    let envelope: Envelope<'_> =
        serde_json::from_str(body).map_err(|e| PlatformError::Malformed(format!("响应不是完整的 JSON ({e})")))?;
    if let Some(error) = envelope.error_response {
        return Err(refused(&error));
    }
    let response = envelope
        .order_list_get_response
        .ok_or_else(|| PlatformError::Malformed(format!("响应缺少 {ORDER_LIST_RESPONSE}")))?;
    let total_count = match response.total_count {
        None | Some(Value::Null) => None,
        Some(value) => Some(count(&value).ok_or_else(|| PlatformError::Malformed("total_count 不是计数".to_owned()))?),
    };
    let list = response.order_list.unwrap_or_default();
    if list.len() > pdd_bounds::MAX_ROWS_PER_PAGE {
        return Err(PlatformError::Malformed(format!("一页超过 {} 行", pdd_bounds::MAX_ROWS_PER_PAGE)));
    }
    let mut page = PddPage {
        total_count,
        page: OrderPage { has_more: false, rows: Vec::new(), rejected: Vec::new() },
        subsidies: Vec::new(),
    };
    for raw in list {
        match read_row(raw) {
            Ok((row, subsidy)) => {
                // Every row's, zeros included: a subsidy the platform withdrew is zeroed where it was kept.
                page.subsidies.push((row.id, subsidy));
                page.page.rows.push(row);
            }
            Err(rejected) => page.page.rejected.push(rejected),
        }
    }
    Ok(page)
}

fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// What a refusal keeps of `error_code`.
const MAX_CODE_CHARS: usize = 20;

/// `error_response{error_code, error_msg, sub_code, sub_msg}` as a refusal.
fn refused(error: &Map<String, Value>) -> PlatformError {
    let text = |key: &str| match error.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(other) => other.to_string(),
    };
    // A code is a short number; whatever else arrives there is cut as the words are.
    let code = shortened(&text("error_code"), MAX_CODE_CHARS);
    let words = [text("error_msg"), text("sub_code"), text("sub_msg")];
    let said: Vec<&str> = words.iter().map(String::as_str).filter(|w| !w.is_empty()).collect();
    let message = shortened(&said.join("; "), pdd_bounds::MAX_MESSAGE_CHARS);
    let refusal = code.parse().map_or(Refusal::Other, |code| refusal_of(code, &message));
    PlatformError::Refused { code, message, refusal }
}

/// A4's codes, sorted by what to do next. 70036 (an app still in test state
/// has used its call quota) is `Permission`, not `Throttled`: the quota
/// does not come back within a run or an hour, and the fix is hers, putting
/// the app online at open.pinduoduo.com, which the credentials advice
/// points to; waiting it out would only end the run later with the same
/// answer.
pub fn refusal_of(code: i64, message: &str) -> Refusal {
    match code {
        20004 => Refusal::Signature,
        10016 | 20032 => Refusal::AppKey,
        20031 | 20005 | 70032 | 70034 | 70035 | 70036 => Refusal::Permission,
        52101 | 70031 => Refusal::Throttled { wait_secs: None },
        50000..=52002 | 52102 | 52103 | 70033 => Refusal::Transient,
        CLOCK_CODE if message.contains("timestamp") => Refusal::Clock,
        _ => Refusal::Other,
    }
}

/// The unified life (`ValidCode`) of a PDD `order_status`; the platform's
/// own code stays in `platform_status`.
pub fn valid_code_of(status: i64) -> ValidCode {
    match status {
        -1 => ValidCode::PENDING,
        0 | 1 => ValidCode::PAID,
        2 | 3 | 5 => ValidCode::COMPLETED,
        4 | 8 => ValidCode::CANCELLED,
        10 => ValidCode::RULE_BREACH,
        _ => ValidCode::UNKNOWN,
    }
}

/// Whether the platform owes the commission of a row in this status
/// (received, audited or settled): `actual_fee` is its net commission.
pub fn earns_actual(status: i64) -> bool {
    matches!(status, 2 | 3 | 5)
}

/// The day the platform pays a row (A6): the settlement's own day once
/// settled (5); for an audited row (3), the 20th of the audit's month when
/// audited by the 15th, else the next month's 20th; for a received row (2),
/// the same rule applied to the day its audit normally comes, 15 days after
/// receipt. Otherwise not yet known.
pub fn pay_day(
    status: i64,
    receive: Option<EpochSecs>,
    verify: Option<EpochSecs>,
    settle: Option<EpochSecs>,
) -> Option<BizDay> {
    const DAY: i64 = 86_400;
    match status {
        5 => settle.map(BizDay::of),
        3 => verify.map(|at| pay_day_for_audit(BizDay::of(at))),
        2 => receive.map(|at| pay_day_for_audit(BizDay::of(at + AUDIT_AFTER_RECEIPT_DAYS * DAY))),
        _ => None,
    }
}

/// The 20th that pays a row audited on `audited`.
pub fn pay_day_for_audit(audited: BizDay) -> BizDay {
    let date = audited.date();
    let (year, month) = match (date.day() <= AUDIT_CUTOFF_DAY, date.month()) {
        (true, month) => (date.year(), month),
        (false, 12) => (date.year() + 1, 1),
        (false, month) => (date.year(), month + 1),
    };
    let day = i64::from(year) * 10_000 + i64::from(month) * 100 + i64::from(PAY_DAY);
    // The 20th of a month within BizDay's years always exists; past them, the last day.
    BizDay::from_int(day).unwrap_or(BizDay::MAX)
}

type FieldError = (&'static str, String);

/// Reads one row, or sets it aside whole with the field and the reason.
pub fn read_row(raw: &RawValue) -> Result<(OrderRow, PddSubsidy), RejectedRow> {
    let reject = |field: Option<&'static str>, reason: String| RejectedRow {
        row_id: wire_id(raw),
        raw: raw.get().to_owned(),
        field: field.map(str::to_owned),
        reason,
    };
    let fields: Map<String, Value> = serde_json::from_str(raw.get()).map_err(|e| reject(None, e.to_string()))?;
    let row = WireRow(&fields);
    row.order_row().and_then(|order| Ok((order, row.subsidy()?))).map_err(|(field, reason)| reject(Some(field), reason))
}

/// The row's id from its `order_sn`, when even that much can be read.
fn wire_id(raw: &RawValue) -> Option<RowId> {
    let fields: Map<String, Value> = serde_json::from_str(raw.get()).ok()?;
    WireRow(&fields).order_sn().ok().map(|sn| RowId::from_platform_key(Platform::Pdd, &sn))
}

struct WireRow<'a>(&'a Map<String, Value>);

impl WireRow<'_> {
    fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field).filter(|v| !v.is_null())
    }

    /// An integer sent as a JSON number or as decimal text; absent, `null`
    /// or empty text is `None`.
    fn integer(&self, field: &'static str) -> Result<Option<i64>, FieldError> {
        let not_integer = |shown: &str| (field, format!("不是整数: {} (not an integer)", shortened(shown, 40)));
        match self.get(field) {
            None => Ok(None),
            Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
                (Some(v), _) => Ok(Some(v)),
                (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                _ => Err(not_integer(&n.to_string())),
            },
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| not_integer(s)),
            Some(other) => Err(not_integer(&other.to_string())),
        }
    }

    /// Text sent as a JSON string or a number; absent or `null` is empty.
    fn text(&self, field: &'static str) -> Result<String, FieldError> {
        match self.get(field) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.trim().to_owned()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(other) => Err((field, format!("不是文本: {} (not text)", shortened(&other.to_string(), 40)))),
        }
    }

    /// Integer fen, as a number or numeric text, 0 when absent; never
    /// negative and within the bounds of any amount.
    fn fen(&self, field: &'static str) -> Result<Money, FieldError> {
        let fen = self.integer(field)?.unwrap_or(0);
        if !(0..=bounds::MAX_AMOUNT_FEN).contains(&fen) {
            return Err((field, format!("金额 {fen} 分超出合理范围 (out of bounds)")));
        }
        Ok(Money::from_fen(fen))
    }

    /// A UNIX-seconds time; 0 or absent means it has not happened.
    fn time(&self, field: &'static str) -> Result<Option<EpochSecs>, FieldError> {
        match self.integer(field)? {
            None | Some(0) => Ok(None),
            Some(at) if (bounds::EARLIEST_TIME..bounds::LATEST_TIME).contains(&at) => Ok(Some(at)),
            Some(at) => Err((field, format!("时间 {at} 超出合理范围 (out of bounds)"))),
        }
    }

    fn order_sn(&self) -> Result<String, FieldError> {
        let sn = self.text("order_sn")?;
        let well_formed = !sn.is_empty()
            && sn.chars().count() <= pdd_bounds::MAX_ORDER_SN_CHARS
            && sn.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            return Err(("order_sn", format!("不是订单编号: {} (not an order number)", shortened(&sn, 40))));
        }
        Ok(sn)
    }

    fn bounded_text(&self, field: &'static str, max_chars: usize) -> Result<Option<String>, FieldError> {
        let text = self.text(field)?;
        if text.chars().count() > max_chars {
            return Err((field, format!("超过 {max_chars} 个字 (too long)")));
        }
        if text.chars().any(char::is_control) {
            return Err((field, "含控制字符 (control characters)".to_owned()));
        }
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    /// `custom_parameters`, verbatim: whose link it was (per partner).
    fn custom_parameters(&self) -> Result<Option<String>, FieldError> {
        let field = "custom_parameters";
        let text = self.text(field)?;
        if text.len() > pdd_bounds::MAX_CUSTOM_PARAMETERS_BYTES || text.chars().any(char::is_control) {
            return Err((field, format!("不是推广参数: {} (not a link parameter)", shortened(&text, 40))));
        }
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    fn rate(&self, field: &'static str) -> Result<RatePct, FieldError> {
        let permille = self.integer(field)?.unwrap_or(0);
        if !(0..=pdd_bounds::MAX_RATE_PERMILLE).contains(&permille) {
            return Err((field, format!("比例 {permille}‰ 不在 0–1000‰ 之间 (out of bounds)")));
        }
        Ok(RatePct::from_hundredths(permille * 10))
    }

    fn units(&self, field: &'static str) -> Result<i64, FieldError> {
        let units = self.integer(field)?.ok_or((field, "缺少数量 (missing)".to_owned()))?;
        if !(0..=bounds::MAX_UNITS).contains(&units) {
            return Err((field, format!("数量 {units} 超出合理范围 (out of bounds)")));
        }
        Ok(units)
    }

    /// The first of `cat_ids`, the row's top category; 0 when absent.
    fn first_category(&self) -> Result<i64, FieldError> {
        let field = "cat_ids";
        match self.get(field) {
            None => Ok(0),
            Some(Value::Array(ids)) if ids.len() <= pdd_bounds::MAX_CAT_IDS => match ids.first() {
                None => Ok(0),
                Some(Value::Number(n)) => n.as_i64().filter(|id| *id >= 0).ok_or((field, format!("类目 {n} 不是编号"))),
                Some(other) => Err((field, format!("类目不是编号: {}", shortened(&other.to_string(), 40)))),
            },
            Some(_) => Err((field, "不是类目编号的列表 (not a list of ids)".to_owned())),
        }
    }

    fn order_row(&self) -> Result<OrderRow, FieldError> {
        let order_sn = self.order_sn()?;
        let status = self.integer("order_status")?.ok_or(("order_status", "缺少订单状态 (missing)".to_owned()))?;
        let modify_time =
            self.time("order_modify_at")?.ok_or(("order_modify_at", "缺少更新时间 (missing)".to_owned()))?;
        let order_time = match self.time("order_create_time")? {
            Some(at) => at,
            None => self.time("order_pay_time")?.ok_or(("order_create_time", "缺少下单时间 (missing)".to_owned()))?,
        };
        let receive = self.time("order_receive_time")?;
        let pay_month = pay_day(status, receive, self.time("order_verify_time")?, self.time("order_settle_time")?);
        let promotion = self.fen("promotion_amount")?;
        let service_fee = self.fen("duo_id_service_fee")?;
        // The commission includes the platform's software fee (A3); hers is what is left.
        let net = Money::from_fen((promotion.fen() - service_fee.fen()).max(0));
        let order_amount = self.fen("order_amount")?;
        let sku_name = self.bounded_text("goods_name", bounds::MAX_SKU_NAME_CHARS)?.unwrap_or_default();
        let goods_id = self.integer("goods_id")?.unwrap_or(0);
        if goods_id < 0 {
            return Err(("goods_id", format!("编号 {goods_id} 是负数 (negative id)")));
        }
        Ok(OrderRow {
            id: RowId::from_platform_key(Platform::Pdd, &order_sn),
            order_id: OrderId::from_platform_key(Platform::Pdd, &order_sn),
            parent_id: 0,
            order_time,
            finish_time: receive,
            modify_time,
            sku_id: goods_id,
            sku_name,
            sku_num: self.units("goods_quantity")?,
            sku_return_num: 0,
            sku_frozen_num: 0,
            price: self.fen("goods_price")?,
            cid1: self.first_category()?,
            commission_rate: self.rate("promotion_rate")?,
            // She keeps the whole commission: no share goes to an agency as on JD.
            final_rate: RatePct::from_hundredths(bounds::MAX_RATE_HUNDREDTHS),
            estimate_cos_price: order_amount,
            estimate_fee: net,
            actual_cos_price: order_amount,
            actual_fee: if earns_actual(status) { net } else { Money::ZERO },
            pay_month,
            union_id: 0,
            position_id: None,
            sub_union_id: None,
            plus: false,
            valid_code: valid_code_of(status),
            settlements: None,
            platform: Platform::Pdd,
            platform_key: Some(order_sn.clone()),
            order_key: Some(order_sn),
            platform_status: Some(status.to_string()),
            platform_place: self.bounded_text("p_id", pdd_bounds::MAX_P_ID_CHARS)?,
            platform_person: self.custom_parameters()?,
        })
    }

    fn subsidy(&self) -> Result<PddSubsidy, FieldError> {
        Ok(PddSubsidy {
            subsidy_amount: self.fen("subsidy_amount")?,
            duo_amount_level: self.fen("subsidy_duo_amount_level")?,
            duo_amount_ten_million: self.fen("subsidy_duo_amount_ten_million")?,
            subsidy_type: self.integer("subsidy_type")?,
            no_subsidy_reason: self.bounded_text("no_subsidy_reason", pdd_bounds::MAX_NO_SUBSIDY_REASON_CHARS)?,
        })
    }
}

/// At most `max` characters of `text`: a hostile value must not fill a
/// reason or an error.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as the 2026 documentation lists its fields, in the live
    /// answer's types: fen integers, ‰ rates, UNIX seconds.
    const ROW: &str = r#"{"order_sn":"261118-350000007000001","order_id":"261118-350000007000001",
        "goods_id":100012001320001,"goods_name":"每日坚果礼盒750g","goods_price":5990,"goods_quantity":2,
        "order_amount":11980,"promotion_rate":200,"promotion_amount":2396,"duo_id_service_fee":240,
        "order_status":2,"order_status_desc":"确认收货","order_create_time":1795000000,"order_pay_time":1795000060,
        "order_group_success_time":1795000600,"order_receive_time":1795400000,"order_verify_time":0,
        "order_settle_time":0,"order_modify_at":1795400000,"p_id":"1000001_2000014",
        "custom_parameters":"{\"uid\":\"p12\",\"sid\":\"g3\"}","cat_ids":[1320,13201],
        "subsidy_type":1,"subsidy_amount":120,"subsidy_duo_amount_level":60,"subsidy_duo_amount_ten_million":0,
        "no_subsidy_reason":""}"#;

    fn page_of(rows: &[&str]) -> PddPage {
        let body = format!(
            r#"{{"order_list_get_response":{{"order_list":[{}],"total_count":{}}}}}"#,
            rows.join(","),
            rows.len()
        );
        parse_order_list(&body).unwrap()
    }

    fn one(row: &str) -> OrderRow {
        let mut page = page_of(&[row]);
        assert!(page.page.rejected.is_empty(), "{:?}", page.page.rejected);
        page.page.rows.remove(0)
    }

    #[test]
    fn a_documented_row_lands_in_the_one_ledger() {
        let page = page_of(&[ROW]);
        assert_eq!(page.total_count, Some(1));
        let row = &page.page.rows[0];
        assert_eq!(row.platform, Platform::Pdd);
        assert_eq!(row.id, RowId::from_platform_key(Platform::Pdd, "261118-350000007000001"));
        assert!(row.id.0 < 0, "never a JD id");
        assert_eq!(row.platform_key.as_deref(), Some("261118-350000007000001"));
        assert_eq!(row.order_key.as_deref(), Some("261118-350000007000001"));
        assert_eq!(row.platform_status.as_deref(), Some("2"));
        assert_eq!(row.valid_code, ValidCode::COMPLETED);
        assert_eq!((row.price.fen(), row.sku_num), (5990, 2));
        assert_eq!((row.estimate_cos_price.fen(), row.actual_cos_price.fen()), (11980, 11980));
        assert_eq!(row.commission_rate, RatePct::from_hundredths(2000), "200‰ is 20%");
        assert_eq!(row.final_rate, RatePct::from_hundredths(10_000));
        assert_eq!((row.estimate_fee.fen(), row.actual_fee.fen()), (2156, 2156), "less the software fee");
        assert_eq!(row.cid1, 1320);
        assert_eq!(row.order_time, 1_795_000_000);
        assert_eq!(row.finish_time, Some(1_795_400_000));
        assert_eq!(row.modify_time, 1_795_400_000);
        assert_eq!(row.platform_place.as_deref(), Some("1000001_2000014"));
        assert_eq!(row.platform_person.as_deref(), Some(r#"{"uid":"p12","sid":"g3"}"#), "verbatim");
        assert_eq!((row.union_id, row.position_id, row.sub_union_id.as_ref(), row.plus), (0, None, None, false));
        // Received 2026-11-23 (Beijing): audited around 12-08, after the 15th? No: on the 8th, so paid 12-20.
        assert_eq!(row.pay_month, BizDay::from_int(20261220));
        let [(id, subsidy)] = page.subsidies.as_slice() else { panic!("one row's subsidy") };
        assert_eq!(*id, row.id);
        assert_eq!(subsidy.subsidy_amount.fen(), 120);
        assert_eq!(subsidy.duo_amount_level.fen(), 60);
        assert_eq!(subsidy.subsidy_type, Some(1));
    }

    #[test]
    fn money_reads_alike_as_numbers_and_as_numeric_text() {
        let as_text = ROW
            .replace(r#""goods_price":5990"#, r#""goods_price":"5990""#)
            .replace(r#""order_amount":11980"#, r#""order_amount":"11980""#)
            .replace(r#""promotion_amount":2396"#, r#""promotion_amount":"2396""#)
            .replace(r#""duo_id_service_fee":240"#, r#""duo_id_service_fee":"240""#)
            .replace(r#""promotion_rate":200"#, r#""promotion_rate":"200""#)
            .replace(r#""order_status":2"#, r#""order_status":"2""#);
        assert_ne!(as_text, ROW);
        let (numbers, text) = (one(ROW), one(&as_text));
        assert_eq!(numbers.price, text.price);
        assert_eq!(numbers.estimate_cos_price, text.estimate_cos_price);
        assert_eq!(numbers.estimate_fee, text.estimate_fee);
        assert_eq!(numbers.commission_rate, text.commission_rate);
        assert_eq!(numbers.valid_code, text.valid_code);
    }

    #[test]
    fn an_unknown_status_is_kept_as_unknown_with_its_own_code() {
        let row = one(&ROW.replace(r#""order_status":2"#, r#""order_status":7"#));
        assert_eq!(row.valid_code, ValidCode::UNKNOWN);
        assert_eq!(row.platform_status.as_deref(), Some("7"));
        assert_eq!(row.actual_fee, Money::ZERO, "nothing is owed on a status nobody knows");
        assert_eq!(row.pay_month, None);
    }

    #[test]
    fn every_status_finds_its_place_in_the_one_life() {
        let cases = [
            (-1, ValidCode::PENDING, 0),
            (0, ValidCode::PAID, 0),
            (1, ValidCode::PAID, 0),
            (2, ValidCode::COMPLETED, 2156),
            (3, ValidCode::COMPLETED, 2156),
            (4, ValidCode::CANCELLED, 0),
            (5, ValidCode::COMPLETED, 2156),
            (8, ValidCode::CANCELLED, 0),
            (10, ValidCode::RULE_BREACH, 0),
            (11, ValidCode::UNKNOWN, 0),
        ];
        for (status, code, actual) in cases {
            let row = one(&ROW.replace(r#""order_status":2"#, &format!(r#""order_status":{status}"#)));
            assert_eq!((row.valid_code, row.actual_fee.fen()), (code, actual), "status {status}");
            assert_eq!(row.estimate_fee.fen(), 2156, "status {status}");
        }
    }

    #[test]
    fn the_pay_day_follows_each_status_by_the_platforms_calendar() {
        let at = |day: i64, hour: i64| BizDay::from_int(day).unwrap().start() + hour * 3600;
        let day = |d: i64| BizDay::from_int(d);
        // Settled: the settlement's own (Beijing) day.
        assert_eq!(pay_day(5, None, None, Some(at(20261220, 10))), day(20261220));
        // Audited by the 15th: this month's 20th; after it: the next month's; December rolls the year.
        assert_eq!(pay_day(3, None, Some(at(20261115, 23)), None), day(20261120));
        assert_eq!(pay_day(3, None, Some(at(20261116, 0)), None), day(20261220));
        assert_eq!(pay_day(3, None, Some(at(20261216, 9)), None), day(20270120));
        // Received: the audit that normally follows 15 days later.
        assert_eq!(pay_day(2, Some(at(20261031, 12)), None, None), day(20261120));
        assert_eq!(pay_day(2, Some(at(20261101, 12)), None, None), day(20261220));
        // Not yet earned, or never: no day; a missing time says no day either.
        for status in [-1, 0, 1, 4, 8, 10, 7] {
            assert_eq!(pay_day(status, Some(at(20261101, 0)), Some(at(20261116, 0)), Some(at(20261120, 0))), None);
        }
        assert_eq!(pay_day(5, None, None, None), None);
    }

    #[test]
    fn the_fee_never_goes_below_zero() {
        let row = one(&ROW.replace(r#""duo_id_service_fee":240"#, r#""duo_id_service_fee":3000"#));
        assert_eq!((row.estimate_fee.fen(), row.actual_fee.fen()), (0, 0));
        let without_fee = one(&ROW.replace(r#""duo_id_service_fee":240,"#, ""));
        assert_eq!(without_fee.estimate_fee.fen(), 2396, "an answer of the 2024 field set has no fee");
    }

    #[test]
    fn a_bad_row_is_set_aside_whole_and_the_rest_of_the_page_lands() {
        let bad = ROW
            .replace(r#""promotion_amount":2396"#, r#""promotion_amount":"23.96""#)
            .replace("261118-350000007000001", "261118-350000007000002");
        let page = page_of(&[ROW, &bad]);
        assert_eq!(page.page.rows.len(), 1);
        assert_eq!(page.subsidies.len(), 1, "only the landed row's subsidy");
        assert_eq!(page_of(&[&ROW.replace(r#""subsidy_amount":120,"#, "")]).subsidies.len(), 1, "zeros too");
        let [rejected] = page.page.rejected.as_slice() else { panic!("one set aside") };
        assert_eq!(rejected.row_id, Some(RowId::from_platform_key(Platform::Pdd, "261118-350000007000002")));
        assert_eq!(rejected.field.as_deref(), Some("promotion_amount"));
        assert!(rejected.reason.contains("23.96"), "{}", rejected.reason);
        assert_eq!(rejected.raw, bad, "kept exactly as it came");
    }

    #[test]
    fn values_past_their_bounds_set_the_row_aside() {
        let cases = [
            (r#""goods_price":5990"#, r#""goods_price":99999999999999"#, "goods_price"),
            (r#""goods_price":5990"#, r#""goods_price":-1"#, "goods_price"),
            (r#""promotion_rate":200"#, r#""promotion_rate":1001"#, "promotion_rate"),
            (r#""goods_quantity":2"#, r#""goods_quantity":-2"#, "goods_quantity"),
            (r#""goods_quantity":2,"#, "", "goods_quantity"),
            (r#""order_modify_at":1795400000"#, r#""order_modify_at":86400"#, "order_modify_at"),
            (r#""order_modify_at":1795400000"#, r#""order_modify_at":0"#, "order_modify_at"),
            (r#""order_status":2"#, r#""order_status":2.5"#, "order_status"),
            (r#""order_status":2"#, r#""order_status":"shipped""#, "order_status"),
            (r#""order_sn":"261118-350000007000001""#, r#""order_sn":"261118 35""#, "order_sn"),
            (r#""order_sn":"261118-350000007000001""#, r#""order_sn":"""#, "order_sn"),
            (r#""p_id":"1000001_2000014""#, r#""p_id":{"a":1}"#, "p_id"),
            (r#""cat_ids":[1320,13201]"#, r#""cat_ids":"1320""#, "cat_ids"),
            (r#""subsidy_amount":120"#, r#""subsidy_amount":"1.2""#, "subsidy_amount"),
        ];
        for (from, to, field) in cases {
            let changed = ROW.replace(from, to);
            assert_ne!(changed, ROW, "{from}");
            let page = page_of(&[&changed]);
            assert!(page.page.rows.is_empty(), "{to} was accepted");
            assert_eq!(page.page.rejected[0].field.as_deref(), Some(field), "{to}");
        }
        let long_name = ROW.replace("每日坚果礼盒750g", &"坚".repeat(bounds::MAX_SKU_NAME_CHARS + 1));
        assert_eq!(page_of(&[&long_name]).page.rejected[0].field.as_deref(), Some("goods_name"));
        let long_person = ROW.replace("g3", &"g".repeat(pdd_bounds::MAX_CUSTOM_PARAMETERS_BYTES));
        assert_eq!(page_of(&[&long_person]).page.rejected[0].field.as_deref(), Some("custom_parameters"));
        let page = page_of(&[r#"{"order_sn":"x","what":"not a row"}"#, "42"]);
        assert_eq!(page.page.rejected.len(), 2);
        assert!(page.page.rejected[1].row_id.is_none() && page.page.rejected[1].field.is_none());
    }

    #[test]
    fn total_count_is_there_only_when_asked_for() {
        let without = parse_order_list(&format!(r#"{{"order_list_get_response":{{"order_list":[{ROW}]}}}}"#)).unwrap();
        assert_eq!(without.total_count, None);
        assert_eq!(without.page.rows.len(), 1);
        let empty = parse_order_list(r#"{"order_list_get_response":{"order_list":[],"total_count":"0"}}"#).unwrap();
        assert_eq!(empty.total_count, Some(0));
    }

    fn refusal_for(code: &str, message: &str) -> (String, Refusal) {
        let body = format!(
            r#"{{"error_response":{{"error_code":{code},"error_msg":"{message}","sub_code":null,"sub_msg":"","request_id":"1"}}}}"#
        );
        match parse_order_list(&body) {
            Err(PlatformError::Refused { code, refusal, .. }) => (code, refusal),
            Err(other) => panic!("{code}: {other}"),
            Ok(_) => panic!("{code} was read as a page"),
        }
    }

    #[test]
    fn each_error_code_is_the_refusal_the_window_words() {
        let cases = [
            (20004, Refusal::Signature),
            (10016, Refusal::AppKey),
            (20032, Refusal::AppKey),
            (20031, Refusal::Permission),
            (20005, Refusal::Permission),
            (70032, Refusal::Permission),
            (70034, Refusal::Permission),
            (70035, Refusal::Permission),
            (70036, Refusal::Permission),
            (52101, Refusal::Throttled { wait_secs: None }),
            (70031, Refusal::Throttled { wait_secs: None }),
            (50000, Refusal::Transient),
            (50001, Refusal::Transient),
            (50002, Refusal::Transient),
            (52001, Refusal::Transient),
            (52002, Refusal::Transient),
            (52102, Refusal::Transient),
            (52103, Refusal::Transient),
            (70033, Refusal::Transient),
            (21001, Refusal::Other),
            (21002, Refusal::Other),
            (10017, Refusal::Other),
            (52004, Refusal::Other),
        ];
        for (code, expected) in cases {
            assert_eq!(refusal_for(&code.to_string(), "x"), (code.to_string(), expected), "{code}");
        }
        assert_eq!(refusal_for("10001", "公共参数错误:timestamp").1, Refusal::Clock);
        assert_eq!(refusal_for("10001", "公共参数错误:type").1, Refusal::Other, "only the timestamp is the clock");
        assert_eq!(refusal_for(r#""20004""#, "x").1, Refusal::Signature, "a code sent as text");
        let error =
            PlatformError::Refused { code: "20004".into(), message: String::new(), refusal: Refusal::Signature };
        assert_eq!(error.class(), crate::platform::ErrorClass::Credentials);
    }

    #[test]
    fn a_long_refusal_is_kept_short() {
        let long = "很".repeat(5_000);
        let body = format!(r#"{{"error_response":{{"error_code":21001,"error_msg":"{long}"}}}}"#);
        let Err(PlatformError::Refused { message, .. }) = parse_order_list(&body) else { panic!("refused") };
        assert!(message.chars().count() <= pdd_bounds::MAX_MESSAGE_CHARS + 1, "{}", message.chars().count());
    }

    #[test]
    fn a_truncated_or_foreign_body_is_malformed() {
        let body = format!(r#"{{"order_list_get_response":{{"order_list":[{ROW}],"total_count":1}}}}"#);
        assert!(matches!(parse_order_list(&body[..body.len() / 2]), Err(PlatformError::Malformed(_))));
        assert!(matches!(parse_order_list(r#"{"other_response":{}}"#), Err(PlatformError::Malformed(_))));
        assert!(matches!(
            parse_order_list(r#"{"order_list_get_response":{"total_count":-3}}"#),
            Err(PlatformError::Malformed(_))
        ));
    }
}
