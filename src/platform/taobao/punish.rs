//! 淘宝联盟's punished orders, `taobao.tbk.dg.punish.order.get`: trades the
//! platform froze for breaking its rules. The answer shares the order
//! list's envelope and refusals (`wire.rs`) but keeps its page one level
//! deeper (`result.data`), pages by `page_no` with a `total_count` instead
//! of a cursor, and says a business failure inside `result` with a
//! `result_code`. Each row becomes a [`Punishment`], or is set aside whole
//! with the field and the reason while the rest of the page lands.

use super::wire::{answer_response, integer, key, row_values, shortened, text, FieldError};
use crate::model::{Platform, Punishment, RejectedRow, RowId};
use crate::platform::{PlatformError, Refusal};
use serde::Deserialize;
use serde_json::value::RawValue;

pub const DG_PUNISH_ORDER_GET: &str = "taobao.tbk.dg.punish.order.get";
const RESPONSE_KEY: &str = "tbk_dg_punish_order_get_response";
/// What `simplify=false` wraps the rows in.
const ROW_WRAPPER: &str = "result";
/// The wrapper the SDKs' generated XML names (`results>taobao_tbk_dg_punish_order_get_result`):
/// the JSON may use it too, so both are read.
const GENERATED_WRAPPER: &str = "taobao_tbk_dg_punish_order_get_result";

/// One page of `taobao.tbk.dg.punish.order.get`.
#[derive(Debug, Default)]
pub struct PunishPage {
    /// Punishments the whole query matches, over every page.
    pub total_count: u64,
    pub punishments: Vec<Punishment>,
    /// Rows that could not be read, kept whole so nothing is lost.
    pub rejected: Vec<RejectedRow>,
}

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(default, borrow)]
    result: Option<&'a RawValue>,
}

/// `TbkDgPunishOrderGetRpcResult`: the page and whether the business call succeeded.
#[derive(Deserialize)]
struct RpcResult<'a> {
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
    #[serde(default, borrow)]
    result_code: Option<&'a RawValue>,
    #[serde(default, borrow)]
    result_msg: Option<&'a RawValue>,
    #[serde(default, borrow)]
    biz_error_code: Option<&'a RawValue>,
    #[serde(default, borrow)]
    biz_error_desc: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(default, borrow)]
    total_count: Option<&'a RawValue>,
    #[serde(default, borrow)]
    results: Option<&'a RawValue>,
}

pub(super) fn parse_punish_page(body: &str) -> Result<PunishPage, PlatformError> {
    let malformed = |what: String| PlatformError::Malformed(what);
    let response: Response<'_> = serde_json::from_str(answer_response(body, RESPONSE_KEY)?.get())
        .map_err(|e| malformed(format!("{RESPONSE_KEY} 无法解析 ({e})")))?;
    // TOP leaves empty members out of its answers: no `result` is no rows.
    let Some(result) = response.result else { return Ok(PunishPage::default()) };
    let result: RpcResult<'_> =
        serde_json::from_str(result.get()).map_err(|e| malformed(format!("result 无法解析 ({e})")))?;
    business_outcome(&result)?;
    let Some(data) = result.data else { return Ok(PunishPage::default()) };
    let data: Data<'_> = serde_json::from_str(data.get()).map_err(|e| malformed(format!("data 无法解析 ({e})")))?;
    let total_count = match integer(data.total_count) {
        Ok(count) => u64::try_from(count.unwrap_or(0)).map_err(|_| malformed("total_count 超出范围".to_owned()))?,
        Err(reason) => return Err(malformed(format!("total_count 无法读取 ({reason})"))),
    };
    let mut page = PunishPage { total_count, punishments: Vec::new(), rejected: Vec::new() };
    for raw in row_values("results", &[ROW_WRAPPER, GENERATED_WRAPPER], data.results)? {
        match read_punishment(raw) {
            Ok(punishment) => page.punishments.push(punishment),
            Err(rejected) => page.rejected.push(rejected),
        }
    }
    Ok(page)
}

/// A failure the business layer reports inside an answer TOP itself
/// accepted: `result_code` (or `biz_error_code`) other than 0. Nothing
/// within the run changes it, and the sweep has no smaller span to try.
fn business_outcome(result: &RpcResult<'_>) -> Result<(), PlatformError> {
    let unreadable = |field: &str, reason: String| PlatformError::Malformed(format!("{field} 无法读取 ({reason})"));
    let result_code = integer(result.result_code).map_err(|reason| unreadable("result_code", reason))?.unwrap_or(0);
    let biz_code = text(result.biz_error_code)
        .map_err(|reason| unreadable("biz_error_code", reason))?
        .map(|code| shortened(code.trim()))
        .filter(|code| !code.is_empty() && code != "0");
    if result_code == 0 && biz_code.is_none() {
        return Ok(());
    }
    let word = |raw: Option<&RawValue>| text(raw).ok().flatten().map(|t| shortened(t.trim())).unwrap_or_default();
    let message = [word(result.biz_error_desc), word(result.result_msg)]
        .into_iter()
        .find(|m| !m.is_empty())
        .unwrap_or_else(|| "处罚订单查询失败".to_owned());
    let code = match biz_code {
        Some(biz) => format!("{result_code}/{biz}"),
        None => result_code.to_string(),
    };
    Err(PlatformError::Refused { code, message, refusal: Refusal::Other })
}

/// A set-aside punished-order row met by the order reader (set-aside rows
/// are read again with it): set aside again, never read as an order row.
/// It carries `punish_status` and no `tk_status`.
pub(super) fn not_an_order(raw: &RawValue) -> Option<RejectedRow> {
    #[derive(Deserialize)]
    struct Marker<'a> {
        #[serde(default, borrow)]
        punish_status: Option<&'a RawValue>,
        #[serde(default, borrow)]
        tk_status: Option<&'a RawValue>,
    }
    let marker: Marker<'_> = serde_json::from_str(raw.get()).ok()?;
    if marker.punish_status.is_none() || marker.tk_status.is_some() {
        return None;
    }
    // Read again by its own reader, it keeps the field and the reason it was
    // set aside for; one that reads now waits for the platform to send it again.
    Some(read_punishment(raw).err().unwrap_or_else(|| RejectedRow {
        row_id: set_aside_id(raw),
        raw: raw.get().to_owned(),
        field: None,
        reason: "处罚订单行，不是订单行 (a punished-order row, not an order)".to_owned(),
    }))
}

/// Reads one punished-order row, or sets it aside whole with the field and the reason.
fn read_punishment(raw: &RawValue) -> Result<Punishment, RejectedRow> {
    let reject = |field: Option<&'static str>, reason: String| RejectedRow {
        row_id: set_aside_id(raw),
        raw: raw.get().to_owned(),
        field: field.map(str::to_owned),
        reason,
    };
    let wire: WirePunishment<'_> = serde_json::from_str(raw.get()).map_err(|e| reject(None, e.to_string()))?;
    wire.into_punishment().map_err(|(field, reason)| reject(Some(field), reason))
}

/// The id a punishment that cannot be read is set aside under (its own,
/// not its row's), when its `tb_trade_id` can be told.
fn set_aside_id(raw: &RawValue) -> Option<RowId> {
    #[derive(Deserialize)]
    struct JustKey<'a> {
        #[serde(borrow)]
        tb_trade_id: &'a RawValue,
    }
    let row: JustKey<'_> = serde_json::from_str(raw.get()).ok()?;
    key("tb_trade_id", Some(row.tb_trade_id)).ok().map(|key| Punishment::set_aside_id(&key))
}

/// The fields read of a punished order; the rest (the parent trade, the
/// settle month, the pid's parts, the relation) are passed over: the
/// order row carries them already.
#[derive(Deserialize)]
struct WirePunishment<'a> {
    #[serde(default, borrow)]
    tb_trade_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    punish_status: Option<&'a RawValue>,
    #[serde(default, borrow)]
    violation_type: Option<&'a RawValue>,
}

impl WirePunishment<'_> {
    fn into_punishment(self) -> Result<Punishment, FieldError> {
        let trade_key = key("tb_trade_id", self.tb_trade_id)?;
        // A status this version does not know is kept: it counts as frozen.
        let status = integer(self.punish_status)
            .map_err(|reason| ("punish_status", reason))?
            .ok_or(("punish_status", "缺少状态 (missing)".to_owned()))?;
        let violation = integer(self.violation_type).map_err(|reason| ("violation_type", reason))?;
        Ok(Punishment { row: RowId::from_platform_key(Platform::Taobao, &trade_key), trade_key, status, violation })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trade frozen for a false transaction, fields as the current SDK
    /// types them (ids as numbers, the two codes as text); its trade is
    /// `wire.rs`'s sample row.
    const PUNISHED: &str = r#"{"tb_trade_id":2026111822001234567,"tb_trade_parent_id":2026111822001234560,
        "punish_status":"0","violation_type":"2","settle_month":202611,"tk_trade_create_time":"2026-10-18 20:15:00",
        "tk_adzone_id":109876543210,"tk_site_id":3344,"tk_pub_id":"1234567","relation_id":2718281828}"#;
    const TRADE: &str = "2026111822001234567";

    fn answer(results: &str) -> String {
        format!(
            r#"{{"tbk_dg_punish_order_get_response":{{"result":{{"data":{{"page_no":1,"page_size":100,
                "total_count":137,"results":{results}}},"result_code":0,"result_msg":"成功"}},"request_id":"r1"}}}}"#
        )
    }

    fn page_of(rows: &[&str]) -> PunishPage {
        parse_punish_page(&answer(&format!(r#"{{"{ROW_WRAPPER}":[{}]}}"#, rows.join(",")))).unwrap()
    }

    fn only_punishment(page: &PunishPage) -> &Punishment {
        assert!(page.rejected.is_empty(), "{:?}", page.rejected);
        let [punishment] = page.punishments.as_slice() else { panic!("one, got {}", page.punishments.len()) };
        punishment
    }

    #[test]
    fn a_documented_punishment_reads_onto_its_trades_row() {
        let page = page_of(&[PUNISHED]);
        assert_eq!(page.total_count, 137);
        let punishment = only_punishment(&page);
        assert_eq!(punishment.row, RowId::from_platform_key(Platform::Taobao, TRADE), "the order row's own id");
        assert_eq!(punishment.trade_key, TRADE);
        assert_eq!((punishment.status, punishment.violation), (0, Some(2)));
        assert!(punishment.freezes());
        let numbers = PUNISHED
            .replace(r#""punish_status":"0""#, r#""punish_status":1"#)
            .replace(r#""violation_type":"2""#, r#""violation_type":1"#)
            .replace(r#""tb_trade_id":2026111822001234567"#, r#""tb_trade_id":"2026111822001234567""#);
        let unfrozen = only_punishment(&page_of(&[&numbers])).clone();
        assert_eq!((unfrozen.trade_key.as_str(), unfrozen.status, unfrozen.violation), (TRADE, 1, Some(1)));
        assert!(!unfrozen.freezes());
        let unnamed = PUNISHED.replace(r#""violation_type":"2","#, "");
        assert_eq!(only_punishment(&page_of(&[&unnamed])).violation, None);
    }

    #[test]
    fn both_simplify_shapes_and_a_lone_row_object_read_alike() {
        let wrapped = only_punishment(&page_of(&[PUNISHED])).clone();
        for shape in [
            format!("[{PUNISHED}]"),
            format!(r#"{{"{ROW_WRAPPER}":{PUNISHED}}}"#),
            PUNISHED.to_owned(),
            format!(r#"{{"{ROW_WRAPPER}":[{PUNISHED}]}}"#),
            format!(r#"{{"{GENERATED_WRAPPER}":[{PUNISHED}]}}"#),
        ] {
            let page = parse_punish_page(&answer(&shape)).unwrap();
            assert_eq!(only_punishment(&page), &wrapped, "{shape}");
            assert_eq!(page.total_count, 137);
        }
        for empty in ["[]", "{}", "null", r#"{"result":[]}"#] {
            let page = parse_punish_page(&answer(empty)).unwrap();
            assert!(page.punishments.is_empty() && page.rejected.is_empty(), "{empty}");
        }
        for nothing in [
            r#"{"tbk_dg_punish_order_get_response":{"request_id":"r"}}"#,
            r#"{"tbk_dg_punish_order_get_response":{"result":{"result_code":0},"request_id":"r"}}"#,
        ] {
            let page = parse_punish_page(nothing).unwrap();
            assert!(page.punishments.is_empty() && page.total_count == 0, "{nothing}");
        }
        // The order list's answer is not this list's.
        let details = r#"{"tbk_order_details_get_response":{"data":{"results":[]}}}"#;
        assert!(matches!(parse_punish_page(details), Err(PlatformError::Malformed(_))));
        let negative = answer("[]").replace(r#""total_count":137"#, r#""total_count":-1"#);
        assert!(matches!(parse_punish_page(&negative), Err(PlatformError::Malformed(_))));
    }

    #[test]
    fn an_unknown_status_is_kept_and_counts_as_frozen() {
        for (status, freezes) in [("0", true), ("1", false), ("2", true), ("7", true), ("\"9\"", true)] {
            let row = PUNISHED.replace(r#""punish_status":"0""#, &format!(r#""punish_status":{status}"#));
            let page = page_of(&[&row]);
            let punishment = only_punishment(&page);
            assert_eq!(punishment.status.to_string(), status.trim_matches('"'));
            assert_eq!(punishment.freezes(), freezes, "{status}");
        }
    }

    #[test]
    fn an_unreadable_row_is_set_aside_naming_the_field_while_the_rest_lands() {
        let other = PUNISHED.replace(TRADE, "2026111822001234568");
        for (from, to, field) in [
            (r#""punish_status":"0""#, r#""punish_status":"x""#, "punish_status"),
            (r#""punish_status":"0","#, "", "punish_status"),
            (r#""punish_status":"0""#, r#""punish_status":"""#, "punish_status"),
            (r#""violation_type":"2""#, r#""violation_type":"y""#, "violation_type"),
            (r#""violation_type":"2""#, r#""violation_type":[2]"#, "violation_type"),
        ] {
            let bad = PUNISHED.replace(from, to);
            let page = page_of(&[&bad, &other]);
            assert_eq!(page.punishments.len(), 1, "{to}: the other punishment lands");
            let [rejected] = page.rejected.as_slice() else { panic!("{to} was accepted") };
            assert_eq!(rejected.field.as_deref(), Some(field), "{to}: {}", rejected.reason);
            assert_eq!(rejected.raw, bad, "kept exactly as it came");
            assert_eq!(rejected.row_id, Some(Punishment::set_aside_id(TRADE)), "its own id, never its row's");
        }
        let long = "9".repeat(65);
        let no_trade = page_of(&[
            &PUNISHED.replace(r#""tb_trade_id":2026111822001234567,"#, ""),
            &PUNISHED.replace(TRADE, "\"12 34\""),
            &PUNISHED.replace(TRADE, &long),
            "42",
            &other,
        ]);
        assert_eq!(no_trade.punishments.len(), 1);
        assert_eq!(no_trade.rejected.len(), 4);
        assert!(no_trade.rejected.iter().all(|r| r.row_id.is_none()));
        assert!(no_trade.rejected[..3].iter().all(|r| r.field.as_deref() == Some("tb_trade_id")));
    }

    fn refused(body: &str) -> (String, String, Refusal) {
        match parse_punish_page(body) {
            Err(PlatformError::Refused { code, message, refusal }) => (code, message, refusal),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn a_business_failure_inside_the_answer_is_refused_and_says_why() {
        let failing = |members: &str| {
            format!(r#"{{"tbk_dg_punish_order_get_response":{{"result":{{{members}}},"request_id":"r"}}}}"#)
        };
        let (code, message, refusal) = refused(&failing(
            r#""result_code":1,"result_msg":"失败","biz_error_code":4001,"biz_error_desc":"参数错误""#,
        ));
        assert_eq!((code.as_str(), message.as_str(), refusal), ("1/4001", "参数错误", Refusal::Other));
        assert_eq!(refused(&failing(r#""result_code":"500","result_msg":"系统繁忙""#)).0, "500");
        assert_eq!(refused(&failing(r#""result_code":"500","result_msg":"系统繁忙""#)).1, "系统繁忙");
        assert_eq!(refused(&failing(r#""result_code":1"#)).1, "处罚订单查询失败", "a refusal always says something");
        // A business error code alone is a failure too, rows or not.
        let (code, _, _) =
            refused(&failing(r#""biz_error_code":"4002","data":{"total_count":1,"results":{"result":[]}}"#));
        assert_eq!(code, "0/4002");
        let long = "错".repeat(200);
        let (_, message, _) = refused(&failing(&format!(r#""result_code":2,"biz_error_desc":"{long}""#)));
        assert!(message.chars().count() < 50, "a hostile message is cut short");
        for fine in [r#""result_code":0,"biz_error_code":0"#, r#""result_code":"0","biz_error_code":"""#] {
            assert!(parse_punish_page(&failing(fine)).is_ok(), "{fine}");
        }
        assert!(matches!(parse_punish_page(&failing(r#""result_code":"x""#)), Err(PlatformError::Malformed(_))));
    }

    #[test]
    fn the_top_envelope_refuses_as_for_the_other_lists() {
        let top = |code: i64, sub: &str| {
            format!(
                r#"{{"error_response":{{"code":{code},"msg":"Remote service error","sub_code":"{sub}","sub_msg":"错误"}}}}"#
            )
        };
        for (body, code, refusal) in [
            (top(15, "isv.invalid-parameter:span"), "15/isv.invalid-parameter:span", Refusal::Other),
            (top(15, "2004"), "15/2004", Refusal::Other),
            (top(15, "9100"), "15/9100", Refusal::Throttled { wait_secs: None }),
            (top(25, ""), "25", Refusal::Signature),
            (top(29, ""), "29", Refusal::AppKey),
            (top(11, ""), "11", Refusal::Permission),
            (top(31, ""), "31", Refusal::Clock),
            (top(7, ""), "7", Refusal::Throttled { wait_secs: None }),
        ] {
            let (got_code, _, got_refusal) = refused(&body);
            assert_eq!((got_code.as_str(), got_refusal), (code, refusal), "{body}");
        }
    }

    #[test]
    fn the_order_reader_sets_a_punishment_row_aside_again() {
        let raw: &RawValue = serde_json::from_str(PUNISHED).unwrap();
        let rejected = super::super::read_row(raw).unwrap_err();
        assert_eq!(rejected.row_id, Some(Punishment::set_aside_id(TRADE)));
        assert_eq!(rejected.raw, PUNISHED);
        assert!(rejected.reason.contains("处罚"), "{}", rejected.reason);
        // An order row naming a punish status is still an order row.
        let marked: &RawValue = serde_json::from_str(r#"{"tk_status":3,"punish_status":0}"#).unwrap();
        assert!(not_an_order(marked).is_none());
    }
}
