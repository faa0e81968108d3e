//! 淘宝联盟's wire format for `taobao.tbk.order.details.get`: the answer in
//! either `simplify` shape, its refusals sorted into what the window words,
//! and order rows read one by one, money and rates as decimal text (or JSON
//! numbers, whose text is read the same way, never through a float) into
//! exact fen and hundredths. A row that cannot be read is set aside whole;
//! the rest of the page lands. The answer's envelope, its refusals and the
//! value readers serve `refunds.rs` too: the two lists come alike.

use crate::model::{
    parse_platform, BizDay, EpochSecs, Money, OrderId, OrderRow, Platform, RatePct, RejectedRow, RowId, ValidCode,
};
use crate::platform::jd::bounds;
use crate::platform::{PlatformError, Refusal};
use chrono::Datelike;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

pub const ORDER_DETAILS_GET: &str = "taobao.tbk.order.details.get";
const RESPONSE_KEY: &str = "tbk_order_details_get_response";
/// The day of the month 淘宝联盟 pays what was settled the month before.
/// Unconfirmed (`../shared/PLATFORMS.md` B6: "around the 20th"; rebate apps
/// say the 25th), so it lives here alone.
pub const PAY_DAY_OF_MONTH: u32 = 20;
/// A trade number or an item id: 19 digits in practice, an encrypted token
/// for some item ids; anything longer is not one.
const MAX_KEY_CHARS: usize = 64;
/// `position_index` is two `time_token` pairs; a cursor longer than this
/// is not one and is not sent back.
const MAX_POSITION_INDEX_CHARS: usize = 512;
/// Rows one page may hold (`page_size` is at most 100): a page holding
/// more is not an answer to the request.
const MAX_PAGE_ROWS: usize = 1_000;

/// One page of `taobao.tbk.order.details.get`.
#[derive(Debug)]
pub struct DetailsPage {
    pub rows: Vec<OrderRow>,
    /// Rows that could not be read, kept whole so nothing is lost.
    pub rejected: Vec<RejectedRow>,
    pub has_next: bool,
    pub has_pre: bool,
    /// The cursor the next page must send back, as it came.
    pub position_index: Option<String>,
    pub page_no: u32,
}

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(default, borrow)]
    results: Option<&'a RawValue>,
    #[serde(default, borrow)]
    has_next: Option<&'a RawValue>,
    #[serde(default, borrow)]
    has_pre: Option<&'a RawValue>,
    #[serde(default, borrow)]
    position_index: Option<&'a RawValue>,
    #[serde(default, borrow)]
    page_no: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ErrorResponse<'a> {
    #[serde(default, borrow)]
    code: Option<&'a RawValue>,
    #[serde(default, borrow)]
    msg: Option<&'a RawValue>,
    #[serde(default, borrow)]
    sub_code: Option<&'a RawValue>,
    #[serde(default, borrow)]
    sub_msg: Option<&'a RawValue>,
}

pub fn parse_details_page(body: &str) -> Result<DetailsPage, PlatformError> {
    let malformed = |what: String| PlatformError::Malformed(what);
    // TOP leaves empty members out of its answers: no `data` is no rows.
    let Some(data) = answer_data(body, RESPONSE_KEY)? else {
        let empty = DetailsPage {
            rows: Vec::new(),
            rejected: Vec::new(),
            has_next: false,
            has_pre: false,
            position_index: None,
            page_no: 0,
        };
        return Ok(empty);
    };
    let data: Data<'_> = serde_json::from_str(data.get()).map_err(|e| malformed(format!("data 无法解析 ({e})")))?;
    let page_no = match integer(data.page_no) {
        Ok(n) => u32::try_from(n.unwrap_or(0)).map_err(|_| malformed("page_no 超出范围".to_owned()))?,
        Err(reason) => return Err(malformed(format!("page_no 无法读取 ({reason})"))),
    };
    let mut page = DetailsPage {
        rows: Vec::new(),
        rejected: Vec::new(),
        has_next: flag("has_next", data.has_next)?,
        has_pre: flag("has_pre", data.has_pre)?,
        position_index: cursor(data.position_index)?,
        page_no,
    };
    for raw in row_values("results", &["publisher_order_dto"], data.results)? {
        match read_row(raw) {
            Ok(row) => page.rows.push(row),
            Err(rejected) => page.rejected.push(rejected),
        }
    }
    Ok(page)
}

/// The `data` of an answer under `response_key` (`None` when TOP left it
/// out), or the refusal the answer is.
pub(super) fn answer_data<'a>(body: &'a str, response_key: &str) -> Result<Option<&'a RawValue>, PlatformError> {
    let response = answer_response(body, response_key)?;
    let response: Response<'a> = serde_json::from_str(response.get())
        .map_err(|e| PlatformError::Malformed(format!("{response_key} 无法解析 ({e})")))?;
    Ok(response.data)
}

/// The whole member `response_key` of an answer, or the refusal the answer
/// is: the punish list keeps its page one level deeper than `data`.
pub(super) fn answer_response<'a>(body: &'a str, response_key: &str) -> Result<&'a RawValue, PlatformError> {
    let malformed = |what: String| PlatformError::Malformed(what);
    let members: BTreeMap<String, &RawValue> =
        serde_json::from_str(body).map_err(|e| malformed(format!("响应不是完整的 JSON ({e})")))?;
    if let Some(error) = members.get("error_response") {
        return Err(refused(error));
    }
    members.get(response_key).copied().ok_or_else(|| malformed(format!("响应缺少 {response_key}")))
}

/// `has_next`, `has_pre` as the page says them.
pub(super) fn flag(field: &str, raw: Option<&RawValue>) -> Result<bool, PlatformError> {
    boolean(raw).map_err(|reason| PlatformError::Malformed(format!("{field} 无法读取 ({reason})")))
}

/// The cursor the next page must send back, as it came; empty is none.
pub(super) fn cursor(raw: Option<&RawValue>) -> Result<Option<String>, PlatformError> {
    match text(raw) {
        Ok(Some(cursor)) if cursor.chars().count() > MAX_POSITION_INDEX_CHARS => {
            Err(PlatformError::Malformed(format!("position_index 超过 {MAX_POSITION_INDEX_CHARS} 个字符")))
        }
        Ok(cursor) => Ok(cursor.filter(|c| !c.trim().is_empty())),
        Err(reason) => Err(PlatformError::Malformed(format!("position_index 无法读取 ({reason})"))),
    }
}

/// The rows of `field` in every shape they come in: `{wrapper: [..]}`
/// (`simplify=false`, under any of `wrappers`), `[..]` (`simplify=true`),
/// and either with a lone row as an object instead of an array of one.
pub(super) fn row_values<'a>(
    field: &str,
    wrappers: &[&str],
    rows: Option<&'a RawValue>,
) -> Result<Vec<&'a RawValue>, PlatformError> {
    let unreadable = |e: serde_json::Error| PlatformError::Malformed(format!("{field} 无法解析 ({e})"));
    let Some(rows) = rows else { return Ok(Vec::new()) };
    let values: Vec<&RawValue> = match rows.get().trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str(rows.get()).map_err(unreadable)?,
        Some(b'{') => {
            let members: BTreeMap<&str, &RawValue> = serde_json::from_str(rows.get()).map_err(unreadable)?;
            match wrappers.iter().find_map(|wrapper| members.get(wrapper)) {
                Some(inner) => return row_values(field, wrappers, Some(inner)),
                None if members.is_empty() => Vec::new(),
                // `simplify` flattened the wrapper around a lone row.
                None => vec![rows],
            }
        }
        _ if rows.get() == "null" => Vec::new(),
        _ => return Err(PlatformError::Malformed(format!("{field} 既不是数组也不是对象"))),
    };
    if values.len() > MAX_PAGE_ROWS {
        return Err(PlatformError::Malformed(format!("一页超过 {MAX_PAGE_ROWS} 行")));
    }
    Ok(values)
}

/// `error_response{code, msg, sub_code, sub_msg}` as a refusal. Business
/// errors come as `code 15` with the business code in `sub_code`.
fn refused(raw: &RawValue) -> PlatformError {
    let error: ErrorResponse<'_> = match serde_json::from_str(raw.get()) {
        Ok(error) => error,
        Err(e) => return PlatformError::Malformed(format!("error_response 无法解析 ({e})")),
    };
    let whole = |raw: Option<&RawValue>| text(raw).ok().flatten().map(|t| t.trim().to_owned()).unwrap_or_default();
    let word = |raw: Option<&RawValue>| shortened(&whole(raw));
    let (code, sub_code) = (word(error.code), word(error.sub_code));
    // A ban's seconds are read from the whole message, then it is shortened.
    let said = [whole(error.sub_msg), whole(error.msg)].into_iter().find(|m| !m.is_empty()).unwrap_or_default();
    let refusal = refusal(&code, &sub_code, &said);
    let message = match refusal {
        // Shortened, the ban's seconds would be cut: said whole instead.
        Refusal::Throttled { wait_secs: Some(secs) } => {
            format!("调用受限，需等待 {secs} 秒 (App Call Limited: wait {secs} s)")
        }
        _ => shortened(&said),
    };
    let code = if sub_code.is_empty() { code } else { format!("{code}/{sub_code}") };
    PlatformError::Refused { code, message, refusal }
}

/// The platform's codes (`../shared/PLATFORMS.md` B4) by what she can do.
/// `3000` is a throttle "for the rest of the day" (次日后重新尝试): waiting
/// within the run cannot outlast it, so it ends the run at once, worded as
/// throttled; the schedule tries again at its next turn.
fn refusal(code: &str, sub_code: &str, message: &str) -> Refusal {
    match (code, sub_code) {
        (_, "2007") => Refusal::WindowTooLarge,
        (_, "3000") => Refusal::SpentForToday,
        ("7", _) => Refusal::Throttled { wait_secs: ban_secs(message) },
        (_, "9100") => Refusal::Throttled { wait_secs: None },
        (_, "3001") => Refusal::Transient,
        (_, sub) if sub.starts_with("isp.") => Refusal::Transient,
        ("25", _) => Refusal::Signature,
        ("29", _) => Refusal::AppKey,
        ("11", _) => Refusal::Permission,
        ("31", _) => Refusal::Clock,
        _ => Refusal::Other,
    }
}

/// The seconds of App Call Limited's "This ban will last N more seconds".
fn ban_secs(message: &str) -> Option<u64> {
    let (_, after) = message.split_once("will last ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).take(9).collect();
    digits.parse().ok()
}

/// Whether the platform refused the cursor (`1008`, a bad `position_index`).
pub fn is_refused_cursor(error: &PlatformError) -> bool {
    matches!(error, PlatformError::Refused { code, .. } if code.ends_with("/1008"))
}

/// Reads one row, or sets it aside whole with the field and the reason.
pub(super) fn read_row(raw: &RawValue) -> Result<OrderRow, RejectedRow> {
    let reject = |field: Option<&'static str>, reason: String| RejectedRow {
        row_id: wire_id(raw),
        raw: raw.get().to_owned(),
        field: field.map(str::to_owned),
        reason,
    };
    let wire: WireRow<'_> = serde_json::from_str(raw.get()).map_err(|e| reject(None, e.to_string()))?;
    wire.into_row().map_err(|(field, reason)| reject(Some(field), reason))
}

/// The row's id, when its `trade_id` can be told though the row cannot be read.
fn wire_id(raw: &RawValue) -> Option<RowId> {
    #[derive(Deserialize)]
    struct JustId<'a> {
        #[serde(borrow)]
        trade_id: &'a RawValue,
    }
    let id: JustId<'_> = serde_json::from_str(raw.get()).ok()?;
    key("trade_id", Some(id.trade_id)).ok().map(|key| RowId::from_platform_key(Platform::Taobao, &key))
}

/// The fields read of a `PublisherOrderDto`; the rest (sub-objects whose
/// amounts come as JSON numbers among them) are passed over.
#[derive(Deserialize)]
struct WireRow<'a> {
    #[serde(default, borrow)]
    trade_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    trade_parent_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    item_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    item_title: Option<&'a RawValue>,
    #[serde(default, borrow)]
    item_num: Option<&'a RawValue>,
    #[serde(default, borrow)]
    item_price: Option<&'a RawValue>,
    #[serde(default, borrow)]
    alipay_total_price: Option<&'a RawValue>,
    #[serde(default, borrow)]
    pay_price: Option<&'a RawValue>,
    #[serde(default, borrow)]
    total_commission_rate: Option<&'a RawValue>,
    #[serde(default, borrow)]
    income_rate: Option<&'a RawValue>,
    #[serde(default, borrow)]
    pub_share_pre_fee: Option<&'a RawValue>,
    #[serde(default, borrow)]
    pub_share_fee: Option<&'a RawValue>,
    #[serde(default, borrow)]
    alimama_share_fee: Option<&'a RawValue>,
    #[serde(default, borrow)]
    alimm_share_info_dto: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_status: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_create_time: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_earning_time: Option<&'a RawValue>,
    #[serde(default, borrow)]
    modified_time: Option<&'a RawValue>,
    #[serde(default, borrow)]
    adzone_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    pub_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    relation_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    special_id: Option<&'a RawValue>,
}

pub(super) type FieldError = (&'static str, String);

/// A scalar as text: a JSON string unescaped, a number as its literal
/// digits (so `0.18` stays `0.18`); `null` or absent is `None`.
pub(super) fn text(raw: Option<&RawValue>) -> Result<Option<String>, String> {
    let Some(raw) = raw else { return Ok(None) };
    let literal = raw.get().trim();
    match literal.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(literal).map(Some).map_err(|e| e.to_string()),
        Some(b'-' | b'0'..=b'9') => Ok(Some(literal.to_owned())),
        _ if literal == "null" => Ok(None),
        _ => Err(format!("不是文字或数字: {}", shortened(literal))),
    }
}

/// An integer as a number or as text; empty is `None`.
pub(super) fn integer(raw: Option<&RawValue>) -> Result<Option<i64>, String> {
    match text(raw)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(digits) => digits.parse().map(Some).map_err(|_| format!("不是整数: {}", shortened(digits))),
    }
}

fn boolean(raw: Option<&RawValue>) -> Result<bool, String> {
    match raw.map(|r| r.get().trim()) {
        None | Some("null" | "false" | "\"false\"" | "0" | "\"0\"" | "\"\"") => Ok(false),
        Some("true" | "\"true\"" | "1" | "\"1\"") => Ok(true),
        Some(other) => Err(format!("不是 true 或 false: {}", shortened(other))),
    }
}

/// A trade number or item id: text or digits, at most [`MAX_KEY_CHARS`]
/// letters, digits, `-` or `_`.
pub(super) fn key(field: &'static str, raw: Option<&RawValue>) -> Result<String, FieldError> {
    let value = text(raw).map_err(|reason| (field, reason))?.map(|t| t.trim().to_owned()).unwrap_or_default();
    if value.is_empty() {
        return Err((field, "缺少编号 (missing)".to_owned()));
    }
    let fits =
        value.len() <= MAX_KEY_CHARS && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !fits {
        return Err((field, format!("不是编号: {} (not an id)", shortened(&value))));
    }
    Ok(value)
}

/// Yuan as `"9.11"` or `9.11`, exactly into fen; absent, `null` or empty is
/// nothing yet (0). A third decimal, an exponent or a value past the
/// bounds sets the row aside.
pub(super) fn money(field: &'static str, raw: Option<&RawValue>) -> Result<Money, FieldError> {
    let value = text(raw).map_err(|reason| (field, reason))?.unwrap_or_default();
    if value.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    let amount = Money::parse_yuan(&value).map_err(|e| (field, e.to_string()))?;
    // No amount either list carries is below zero: a refund is a status
    // and a separate list, never a negative price or income, and the
    // refund list says what is taken back as a positive amount.
    if !(0..=bounds::MAX_AMOUNT_FEN).contains(&amount.fen()) {
        return Err((field, format!("金额 {amount} 超出合理范围 (out of bounds)")));
    }
    Ok(amount)
}

/// A percentage as `"9.99"` or `9.99`, exactly into hundredths, 0–100 %.
fn rate(field: &'static str, raw: Option<&RawValue>) -> Result<RatePct, FieldError> {
    let value = text(raw).map_err(|reason| (field, reason))?.unwrap_or_default();
    if value.trim().is_empty() {
        return Ok(RatePct::from_hundredths(0));
    }
    let rate = RatePct::parse(&value).map_err(|e| (field, e.to_string()))?;
    if !(0..=bounds::MAX_RATE_HUNDREDTHS).contains(&rate.hundredths()) {
        return Err((field, format!("比例 {rate}% 不在 0–100% 之间 (out of bounds)")));
    }
    Ok(rate)
}

/// Beijing wall time `yyyy-MM-dd HH:mm:ss`, whatever the laptop's zone.
pub(super) fn time(field: &'static str, raw: Option<&RawValue>) -> Result<Option<EpochSecs>, FieldError> {
    let value = text(raw).map_err(|reason| (field, reason))?.unwrap_or_default();
    if value.trim().is_empty() {
        return Ok(None);
    }
    let at = parse_platform(&value).map_err(|e| (field, e.to_string()))?;
    if !(bounds::EARLIEST_TIME..bounds::LATEST_TIME).contains(&at) {
        return Err((field, format!("时间 {} 超出合理范围 (out of bounds)", shortened(&value))));
    }
    Ok(Some(at))
}

pub(super) fn required_time(field: &'static str, raw: Option<&RawValue>) -> Result<EpochSecs, FieldError> {
    time(field, raw)?.ok_or((field, "缺少时间 (missing)".to_owned()))
}

/// An id the platform numbers (`adzone_id`, `relation_id`, `pub_id`…):
/// zero or absent is none.
fn platform_number(field: &'static str, raw: Option<&RawValue>) -> Result<Option<i64>, FieldError> {
    match integer(raw).map_err(|reason| (field, reason))? {
        None | Some(0) => Ok(None),
        Some(n) if n > 0 => Ok(Some(n)),
        Some(n) => Err((field, format!("编号 {n} 不是正数 (not a positive id)"))),
    }
}

fn units(field: &'static str, raw: Option<&RawValue>) -> Result<i64, FieldError> {
    let value = integer(raw).map_err(|reason| (field, reason))?.unwrap_or(0);
    if !(0..=bounds::MAX_UNITS).contains(&value) {
        return Err((field, format!("数量 {value} 超出合理范围 (out of bounds)")));
    }
    Ok(value)
}

/// What a reason quotes of a value, at most a few dozen characters: a
/// hostile value must not fill the set-aside list.
pub(super) fn shortened(text: &str) -> String {
    const QUOTED_CHARS: usize = 40;
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `tk_status` as the one life every screen reads; a code this version
/// does not know is kept as unknown, never dropped.
pub fn valid_code(tk_status: i64) -> ValidCode {
    match tk_status {
        11 => ValidCode::PENDING,
        12 => ValidCode::PAID,
        14 | 3 => ValidCode::COMPLETED,
        13 => ValidCode::CANCELLED,
        _ => ValidCode::UNKNOWN,
    }
}

/// The day 淘宝联盟 pays a row: settled (3), or received with the merchant's
/// commission in (14 with `tk_earning_time`), it is paid on the
/// [`PAY_DAY_OF_MONTH`] of the month after `tk_earning_time`'s.
pub fn pay_day(tk_status: i64, earning_time: Option<EpochSecs>) -> Option<BizDay> {
    earning_time.filter(|_| matches!(tk_status, 3 | 14)).and_then(pay_day_after)
}

/// The [`PAY_DAY_OF_MONTH`] of the month after `at`'s Beijing month.
pub(super) fn pay_day_after(at: EpochSecs) -> Option<BizDay> {
    let next_month = BizDay::of(at).first_of_month().add_days(31).date();
    let day = i64::from(next_month.year()) * 10_000 + i64::from(next_month.month()) * 100;
    BizDay::from_int(day + i64::from(PAY_DAY_OF_MONTH))
}

/// `alimm_share_info_dto.alimm_tech_service_pre_fee`, the platform's
/// estimated service fee (a JSON number in real answers); nothing when the
/// sub-object or the field is absent.
fn tech_service_pre_fee(dto: Option<&RawValue>) -> Result<Money, FieldError> {
    const FIELD: &str = "alimm_share_info_dto.alimm_tech_service_pre_fee";
    #[derive(Deserialize)]
    struct ShareInfo<'a> {
        #[serde(default, borrow)]
        alimm_tech_service_pre_fee: Option<&'a RawValue>,
    }
    let Some(dto) = dto else { return Ok(Money::ZERO) };
    let info: ShareInfo<'_> = serde_json::from_str(dto.get())
        .map_err(|e| ("alimm_share_info_dto", format!("不是对象 ({e}) (not an object)")))?;
    money(FIELD, info.alimm_tech_service_pre_fee)
}

impl WireRow<'_> {
    fn into_row(self) -> Result<OrderRow, FieldError> {
        let trade_id = key("trade_id", self.trade_id)?;
        let parent = match text(self.trade_parent_id).map_err(|r| ("trade_parent_id", r))? {
            Some(t) if !t.trim().is_empty() => key("trade_parent_id", self.trade_parent_id)?,
            _ => trade_id.clone(),
        };
        let tk_status = integer(self.tk_status)
            .map_err(|reason| ("tk_status", reason))?
            .ok_or(("tk_status", "缺少状态 (missing)".to_owned()))?;
        let title = text(self.item_title).map_err(|reason| ("item_title", reason))?.unwrap_or_default();
        if title.chars().count() > bounds::MAX_SKU_NAME_CHARS {
            return Err(("item_title", format!("商品名超过 {} 个字 (too long)", bounds::MAX_SKU_NAME_CHARS)));
        }
        // Encrypted item ids (`P0tnUWtx…`) have no number: kept as 0.
        let item_id = text(self.item_id).ok().flatten().and_then(|t| t.trim().parse::<i64>().ok()).filter(|id| *id > 0);
        let earning_time = time("tk_earning_time", self.tk_earning_time)?;
        let settled = matches!(tk_status, 14 | 3);
        let net = money("pub_share_fee", self.pub_share_fee)?.fen()
            - money("alimama_share_fee", self.alimama_share_fee)?.fen();
        // Estimated is net of the platform's service fee, as settled is.
        let estimate = money("pub_share_pre_fee", self.pub_share_pre_fee)?.fen()
            - tech_service_pre_fee(self.alimm_share_info_dto)?.fen();
        let relation = platform_number("relation_id", self.relation_id)?;
        let special = platform_number("special_id", self.special_id)?;
        Ok(OrderRow {
            id: RowId::from_platform_key(Platform::Taobao, &trade_id),
            order_id: OrderId::from_platform_key(Platform::Taobao, &parent),
            parent_id: 0,
            order_time: required_time("tk_create_time", self.tk_create_time)?,
            finish_time: earning_time,
            modify_time: required_time("modified_time", self.modified_time)?,
            sku_id: item_id.unwrap_or(0),
            sku_name: title,
            sku_num: units("item_num", self.item_num)?,
            sku_return_num: 0,
            sku_frozen_num: 0,
            price: money("item_price", self.item_price)?,
            cid1: 0,
            commission_rate: rate("total_commission_rate", self.total_commission_rate)?,
            final_rate: rate("income_rate", self.income_rate)?,
            estimate_cos_price: money("alipay_total_price", self.alipay_total_price)?,
            estimate_fee: Money::from_fen(estimate.max(0)),
            actual_cos_price: money("pay_price", self.pay_price)?,
            actual_fee: Money::from_fen(if settled { net.max(0) } else { 0 }),
            pay_month: pay_day(tk_status, earning_time),
            union_id: platform_number("pub_id", self.pub_id)?.unwrap_or(0),
            position_id: None,
            sub_union_id: None,
            plus: false,
            valid_code: valid_code(tk_status),
            settlements: None,
            platform: Platform::Taobao,
            platform_key: Some(trade_id),
            order_key: Some(parent),
            platform_status: Some(tk_status.to_string()),
            platform_place: platform_number("adzone_id", self.adzone_id)?.map(|id| id.to_string()),
            platform_person: relation.or(special).map(|id| id.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as `../shared/PLATFORMS.md` B3 shows one: money and rates as
    /// decimal strings, ids as numbers.
    const ROW: &str = r#"{"trade_id":"2026111822001234567","trade_parent_id":"2026111822001234560",
        "item_id":"652341234567","item_title":"每日坚果礼盒750g","item_num":2,"item_price":"59.90",
        "alipay_total_price":"119.80","pay_price":"119.80","total_commission_rate":"9.99","income_rate":"10.50",
        "pub_share_rate":"100","pub_share_pre_fee":"11.97","pub_share_fee":"11.97","alimama_rate":"10.00",
        "alimama_share_fee":"1.20","tk_status":3,"refund_tag":0,"tk_create_time":"2026-10-18 20:15:00",
        "tk_paid_time":"2026-10-18 20:15:09","tk_earning_time":"2026-10-25 09:30:00","modified_time":"2026-10-25 09:30:00",
        "adzone_id":109876543210,"site_id":3344,"pub_id":1234567,"relation_id":2718281828,"special_id":0,
        "alimm_share_info_dto":{"alimm_tech_service_pre_fee":0.18,"alimm_tech_service_fee":1.2}}"#;

    fn answer(results: &str) -> String {
        format!(
            r#"{{"tbk_order_details_get_response":{{"data":{{"results":{results},"has_next":true,"has_pre":false,
                "position_index":"1555904214_lGltNdNvSX2|1555917305_lJfPMeFmdt2","page_no":1,"page_size":100}},
                "request_id":"r1"}}}}"#
        )
    }

    fn page_of(rows: &[&str]) -> DetailsPage {
        parse_details_page(&answer(&format!(r#"{{"publisher_order_dto":[{}]}}"#, rows.join(",")))).unwrap()
    }

    fn only_row(page: &DetailsPage) -> &OrderRow {
        assert!(page.rejected.is_empty(), "{:?}", page.rejected);
        let [row] = page.rows.as_slice() else { panic!("one row, got {}", page.rows.len()) };
        row
    }

    #[test]
    fn a_documented_row_reads_exactly_into_the_one_ledger() {
        let page = page_of(&[ROW]);
        assert!(page.has_next && !page.has_pre);
        assert_eq!(page.page_no, 1);
        assert_eq!(page.position_index.as_deref(), Some("1555904214_lGltNdNvSX2|1555917305_lJfPMeFmdt2"));
        let row = only_row(&page);
        assert_eq!(row.platform, Platform::Taobao);
        assert_eq!(row.id, RowId::from_platform_key(Platform::Taobao, "2026111822001234567"));
        assert_eq!(row.order_id, OrderId::from_platform_key(Platform::Taobao, "2026111822001234560"));
        assert_eq!(row.platform_key.as_deref(), Some("2026111822001234567"));
        assert_eq!(row.order_key.as_deref(), Some("2026111822001234560"));
        assert_eq!((row.price.fen(), row.sku_num, row.sku_id), (5_990, 2, 652_341_234_567));
        assert_eq!((row.estimate_cos_price.fen(), row.actual_cos_price.fen()), (11_980, 11_980));
        assert_eq!((row.commission_rate.hundredths(), row.final_rate.hundredths()), (999, 1_050));
        assert_eq!(row.estimate_fee.fen(), 1_197 - 18, "estimated income less the platform's estimated service fee");
        assert_eq!(row.actual_fee.fen(), 1_197 - 120, "settled income less the platform's service fee");
        assert_eq!(row.valid_code, ValidCode::COMPLETED);
        assert_eq!(row.platform_status.as_deref(), Some("3"));
        assert_eq!(row.pay_month, BizDay::from_int(20261120), "the 20th of the month after tk_earning_time");
        assert_eq!(row.order_time, parse_platform("2026-10-18 20:15:00").unwrap());
        assert_eq!(row.platform_place.as_deref(), Some("109876543210"));
        assert_eq!(row.platform_person.as_deref(), Some("2718281828"));
        assert_eq!(row.union_id, 1_234_567);
        assert_eq!((row.position_id, row.sub_union_id.as_ref(), row.cid1, row.parent_id), (None, None, 0, 0));
    }

    #[test]
    fn money_and_rates_read_the_same_as_strings_or_numbers() {
        let numbers = ROW
            .replace(r#""item_price":"59.90""#, r#""item_price":59.9"#)
            .replace(r#""total_commission_rate":"9.99""#, r#""total_commission_rate":9.99"#)
            .replace(r#""pub_share_pre_fee":"11.97""#, r#""pub_share_pre_fee":11.97"#)
            .replace(r#""pub_share_fee":"11.97""#, r#""pub_share_fee":11.97"#)
            .replace(r#""alimama_share_fee":"1.20""#, r#""alimama_share_fee":1.2"#);
        let (strings, numbers) = (page_of(&[ROW]), page_of(&[&numbers]));
        let (a, b) = (only_row(&strings), only_row(&numbers));
        assert_eq!(
            (a.price, a.commission_rate, a.estimate_fee, a.actual_fee),
            (b.price, b.commission_rate, b.estimate_fee, b.actual_fee)
        );
        // Ids and counts as text read too.
        let texts =
            ROW.replace(r#""item_num":2"#, r#""item_num":"2""#).replace(r#""tk_status":3"#, r#""tk_status":"3""#);
        assert_eq!(only_row(&page_of(&[&texts])).sku_num, 2);
    }

    #[test]
    fn a_third_decimal_sets_the_row_aside_naming_the_field_while_the_rest_lands() {
        let other = ROW.replace("2026111822001234567", "2026111822001234568");
        for (from, to, field) in [
            (r#""pub_share_pre_fee":"11.97""#, r#""pub_share_pre_fee":"11.975""#, "pub_share_pre_fee"),
            (r#""pub_share_pre_fee":"11.97""#, r#""pub_share_pre_fee":11.975"#, "pub_share_pre_fee"),
            (r#""pub_share_pre_fee":"11.97""#, r#""pub_share_pre_fee":1.197e1"#, "pub_share_pre_fee"),
            (r#""total_commission_rate":"9.99""#, r#""total_commission_rate":"9.995""#, "total_commission_rate"),
            (r#""income_rate":"10.50""#, r#""income_rate":"150""#, "income_rate"),
            (r#""item_price":"59.90""#, r#""item_price":"999999999999.00""#, "item_price"),
            (r#""pub_share_pre_fee":"11.97""#, r#""pub_share_pre_fee":"-11.97""#, "pub_share_pre_fee"),
            (r#""item_price":"59.90""#, r#""item_price":-59.9"#, "item_price"),
            (r#""item_num":2"#, r#""item_num":-1"#, "item_num"),
            (r#""modified_time":"2026-10-25 09:30:00""#, r#""modified_time":"1970-01-01 08:00:00""#, "modified_time"),
            (r#""tk_create_time":"2026-10-18 20:15:00""#, r#""tk_create_time":"2026/10/18""#, "tk_create_time"),
            (r#""tk_status":3"#, r#""tk_status":"x""#, "tk_status"),
            (r#""adzone_id":109876543210"#, r#""adzone_id":-5"#, "adzone_id"),
            (r#""trade_parent_id":"2026111822001234560""#, r#""trade_parent_id":"12 34""#, "trade_parent_id"),
        ] {
            let bad = ROW.replace(from, to);
            let page = page_of(&[&bad, &other]);
            assert_eq!(page.rows.len(), 1, "{to}: the other row lands");
            let [rejected] = page.rejected.as_slice() else { panic!("{to} was accepted") };
            assert_eq!(rejected.field.as_deref(), Some(field), "{to}: {}", rejected.reason);
            assert_eq!(rejected.raw, bad, "kept exactly as it came");
            assert_eq!(rejected.row_id, Some(RowId::from_platform_key(Platform::Taobao, "2026111822001234567")));
        }
        let encrypted = ROW.replace(r#""item_id":"652341234567""#, r#""item_id":"P0tnUWtx+a/b=""#);
        assert_eq!(only_row(&page_of(&[&encrypted])).sku_id, 0, "an encrypted item id is no reason to set a row aside");
        let long_title = ROW.replace("每日坚果礼盒750g", &"坚".repeat(bounds::MAX_SKU_NAME_CHARS + 1));
        assert_eq!(page_of(&[&long_title]).rejected[0].field.as_deref(), Some("item_title"));
        let no_id = page_of(&[r#"{"tk_status":12}"#, "42"]);
        assert!(no_id.rows.is_empty() && no_id.rejected.len() == 2);
        assert!(no_id.rejected.iter().all(|r| r.row_id.is_none()));
    }

    #[test]
    fn both_simplify_shapes_and_a_lone_row_object_read_alike() {
        let wrapped = parse_details_page(&answer(&format!(r#"{{"publisher_order_dto":[{ROW}]}}"#))).unwrap();
        let flat = parse_details_page(&answer(&format!("[{ROW}]"))).unwrap();
        let lone = parse_details_page(&answer(&format!(r#"{{"publisher_order_dto":{ROW}}}"#))).unwrap();
        let lone_flat = parse_details_page(&answer(ROW)).unwrap();
        for page in [&flat, &lone, &lone_flat] {
            assert_eq!(only_row(page).id, only_row(&wrapped).id);
            assert_eq!(only_row(page).estimate_fee, only_row(&wrapped).estimate_fee);
        }
        for empty in ["[]", "{}", "null", r#"{"publisher_order_dto":[]}"#] {
            let page = parse_details_page(&answer(empty)).unwrap();
            assert!(page.rows.is_empty() && page.rejected.is_empty(), "{empty}");
        }
        let nothing = parse_details_page(r#"{"tbk_order_details_get_response":{"request_id":"r"}}"#).unwrap();
        assert!(nothing.rows.is_empty() && !nothing.has_next);
        let last = r#"{"tbk_order_details_get_response":{"data":{"has_next":"false","page_no":"3"}}}"#;
        let page = parse_details_page(last).unwrap();
        assert!(!page.has_next && page.position_index.is_none() && page.rows.is_empty());
        assert_eq!(page.page_no, 3);
    }

    #[test]
    fn each_status_lands_in_the_one_life_and_an_unknown_one_is_kept() {
        let with_status = |status: &str| ROW.replace(r#""tk_status":3"#, &format!(r#""tk_status":{status}"#));
        for (status, code, earns) in [
            ("11", ValidCode::PENDING, false),
            ("12", ValidCode::PAID, false),
            ("14", ValidCode::COMPLETED, true),
            ("3", ValidCode::COMPLETED, true),
            ("13", ValidCode::CANCELLED, false),
            ("77", ValidCode::UNKNOWN, false),
        ] {
            let page = page_of(&[&with_status(status)]);
            let row = only_row(&page);
            assert_eq!(row.valid_code, code, "{status}");
            assert_eq!(row.platform_status.as_deref(), Some(status));
            assert_eq!(row.actual_fee.fen() > 0, earns, "{status}");
            assert_eq!(row.pay_month.is_some(), earns, "{status}");
        }
        // Received, the merchant's commission not in yet: no pay day.
        let unearned =
            with_status("14").replace(r#""tk_earning_time":"2026-10-25 09:30:00""#, r#""tk_earning_time":"""#);
        assert_eq!(only_row(&page_of(&[&unearned])).pay_month, None);
        // A fee larger than the income never makes the income negative.
        let fee_above = ROW.replace(r#""alimama_share_fee":"1.20""#, r#""alimama_share_fee":"20.00""#);
        assert_eq!(only_row(&page_of(&[&fee_above])).actual_fee, Money::ZERO);
        // December's settlement is paid on January 20th.
        let december = ROW.replace("2026-10-25 09:30:00\",\"modified", "2026-12-31 23:59:59\",\"modified");
        assert_eq!(only_row(&page_of(&[&december])).pay_month, BizDay::from_int(20270120));
    }

    #[test]
    fn estimated_income_is_net_of_the_estimated_service_fee_however_it_comes() {
        let estimate = |row: &str| only_row(&page_of(&[row])).estimate_fee;
        let share_info = r#"{"alimm_tech_service_pre_fee":0.18,"alimm_tech_service_fee":1.2}"#;
        let dto = r#""alimm_tech_service_pre_fee":0.18"#;
        assert_eq!(estimate(&ROW.replace(dto, r#""alimm_tech_service_pre_fee":"0.18""#)), Money::from_fen(1_179));
        assert_eq!(estimate(&ROW.replace(dto, r#""alimm_tech_service_pre_fee":"""#)), Money::from_fen(1_197));
        assert_eq!(estimate(&ROW.replace(&format!("{dto},"), "")), Money::from_fen(1_197), "no field, nothing taken");
        let no_dto = ROW.replace(r#""alimm_share_info_dto":"#, r#""some_other_dto":"#);
        assert_eq!(estimate(&no_dto), Money::from_fen(1_197), "no sub-object, nothing taken");
        assert_eq!(estimate(&ROW.replace(dto, r#""alimm_tech_service_pre_fee":12.5"#)), Money::ZERO, "never below 0");
        for (to, field) in [
            (r#""alimm_tech_service_pre_fee":0.185"#, "alimm_share_info_dto.alimm_tech_service_pre_fee"),
            (r#""alimm_tech_service_pre_fee":-0.18"#, "alimm_share_info_dto.alimm_tech_service_pre_fee"),
        ] {
            let page = page_of(&[&ROW.replace(dto, to)]);
            assert_eq!(page.rejected[0].field.as_deref(), Some(field), "{to}");
        }
        let not_an_object = ROW.replace(share_info, r#""0.18""#);
        assert_eq!(page_of(&[&not_an_object]).rejected[0].field.as_deref(), Some("alimm_share_info_dto"));
    }

    #[test]
    fn the_person_is_the_relation_id_else_the_special_id() {
        let special =
            ROW.replace(r#""relation_id":2718281828,"special_id":0"#, r#""relation_id":"","special_id":"31415""#);
        assert_eq!(only_row(&page_of(&[&special])).platform_person.as_deref(), Some("31415"));
        let nobody = ROW
            .replace(r#""relation_id":2718281828,"special_id":0"#, r#""relation_id":0"#)
            .replace(r#""adzone_id":109876543210,"#, "");
        let row = only_row(&page_of(&[&nobody])).clone();
        assert_eq!((row.platform_person, row.platform_place), (None, None));
    }

    fn error(body: &str) -> (String, Refusal) {
        match parse_details_page(body) {
            Err(PlatformError::Refused { code, refusal, message }) => {
                assert!(!message.is_empty(), "{body}");
                (code, refusal)
            }
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn each_error_code_is_the_refusal_she_can_act_on() {
        let platform =
            |code: &str, msg: &str| format!(r#"{{"error_response":{{"code":{code},"msg":"{msg}","request_id":"x"}}}}"#);
        let business = |sub: &str| {
            format!(
                r#"{{"error_response":{{"code":15,"msg":"Remote service error","sub_code":"{sub}","sub_msg":"业务错误"}}}}"#
            )
        };
        for (body, code, refusal) in [
            (platform("25", "Invalid signature"), "25", Refusal::Signature),
            (platform("29", "Invalid app Key"), "29", Refusal::AppKey),
            (platform("11", "Insufficient isv permissions"), "11", Refusal::Permission),
            (platform("31", "Invalid timestamp"), "31", Refusal::Clock),
            (
                platform("\"7\"", "App Call Limited, This ban will last 1 more seconds"),
                "7",
                Refusal::Throttled { wait_secs: Some(1) },
            ),
            (
                platform("7", "App Call Limited, This ban will last 3600 more seconds"),
                "7",
                Refusal::Throttled { wait_secs: Some(3600) },
            ),
            (platform("7", "App Call Limited"), "7", Refusal::Throttled { wait_secs: None }),
            (business("9100"), "15/9100", Refusal::Throttled { wait_secs: None }),
            (business("3001"), "15/3001", Refusal::Transient),
            (business("isp.pubrpt-service-unavailable"), "15/isp.pubrpt-service-unavailable", Refusal::Transient),
            (business("2007"), "15/2007", Refusal::WindowTooLarge),
            // A throttle for the day ends the run rather than being waited out.
            (business("3000"), "15/3000", Refusal::SpentForToday),
            (business("2004"), "15/2004", Refusal::Other),
            (business("2000"), "15/2000", Refusal::Other),
            (business("1008"), "15/1008", Refusal::Other),
            (platform("40", "Missing required arguments"), "40", Refusal::Other),
        ] {
            assert_eq!(error(&body), (code.to_owned(), refusal), "{body}");
        }
        let banned = parse_details_page(&platform("7", "App Call Limited, This ban will last 3600 more seconds"));
        let Err(PlatformError::Refused { message, .. }) = banned else { panic!("{banned:?}") };
        assert!(message.contains("3600"), "the whole ban is said: {message}");
        let stale = parse_details_page(&business("1008")).unwrap_err();
        assert!(is_refused_cursor(&stale));
        assert!(!is_refused_cursor(&parse_details_page(&business("2007")).unwrap_err()));
    }

    #[test]
    fn what_is_not_an_answer_is_malformed() {
        let full = answer(&format!("[{ROW}]"));
        for body in [&full[..full.len() / 2], "{}", r#"{"tbk_order_details_get_response":{"data":{"results":5}}}"#] {
            assert!(matches!(parse_details_page(body), Err(PlatformError::Malformed(_))), "{body}");
        }
        let long_cursor = answer("[]").replace("1555904214_lGltNdNvSX2", &"x".repeat(MAX_POSITION_INDEX_CHARS));
        assert!(matches!(parse_details_page(&long_cursor), Err(PlatformError::Malformed(_))));
    }
}
