//! 淘宝联盟's 维权 list, `taobao.tbk.order.refund.get`: money the platform
//! takes back from rows it already settled. The answer comes like the
//! order list's (the same envelope, refusals, cursor and `simplify`
//! shapes, read by `wire.rs`); each row becomes a [`Clawback`], or is set
//! aside whole with the field and the reason while the rest of the page
//! lands.

use super::wire::{
    answer_data, cursor, flag, integer, key, money, pay_day_after, required_time, row_values, time, FieldError,
};
use crate::model::{Clawback, Money, Platform, RejectedRow, RowId};
use crate::platform::PlatformError;
use serde::Deserialize;
use serde_json::value::RawValue;

pub const ORDER_REFUND_GET: &str = "taobao.tbk.order.refund.get";
const RESPONSE_KEY: &str = "tbk_order_refund_get_response";
/// What `simplify=false` wraps the rows in (`PublisherRefundOrderDTO`, as TOP spells a class's name).
const ROW_WRAPPER: &str = "publisher_refund_order_d_t_o";

/// One page of `taobao.tbk.order.refund.get`.
#[derive(Debug, Default)]
pub struct RefundPage {
    pub has_next: bool,
    /// The cursor the next page must send back, as it came.
    pub position_index: Option<String>,
    pub refunds: Vec<Clawback>,
    /// Rows that could not be read, kept whole so nothing is lost.
    pub rejected: Vec<RejectedRow>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(default, borrow)]
    result: Option<&'a RawValue>,
    #[serde(default, borrow)]
    has_next: Option<&'a RawValue>,
    #[serde(default, borrow)]
    position_index: Option<&'a RawValue>,
}

pub(super) fn parse_refund_page(body: &str) -> Result<RefundPage, PlatformError> {
    // TOP leaves empty members out of its answers: no `data` is no rows.
    let Some(data) = answer_data(body, RESPONSE_KEY)? else { return Ok(RefundPage::default()) };
    let data: Data<'_> =
        serde_json::from_str(data.get()).map_err(|e| PlatformError::Malformed(format!("data 无法解析 ({e})")))?;
    let mut page = RefundPage {
        has_next: flag("has_next", data.has_next)?,
        position_index: cursor(data.position_index)?,
        refunds: Vec::new(),
        rejected: Vec::new(),
    };
    for raw in row_values("result", &[ROW_WRAPPER], data.result)? {
        match read_refund(raw) {
            Ok(refund) => page.refunds.push(refund),
            Err(rejected) => page.rejected.push(rejected),
        }
    }
    Ok(page)
}

/// A set-aside 维权 row met by the order reader (set-aside rows are read
/// again with it): set aside again, never read as an order row.
pub(super) fn not_an_order(raw: &RawValue) -> Option<RejectedRow> {
    #[derive(Deserialize)]
    struct Marker<'a> {
        #[serde(default, borrow)]
        refund_suit_id: Option<&'a RawValue>,
    }
    let marker: Marker<'_> = serde_json::from_str(raw.get()).ok()?;
    marker.refund_suit_id?;
    // Read again by its own reader, it keeps the field and the reason it was
    // set aside for; one that reads now waits for the platform to send it again.
    Some(read_refund(raw).err().unwrap_or_else(|| RejectedRow {
        row_id: set_aside_id(raw),
        raw: raw.get().to_owned(),
        field: None,
        reason: "维权退款行，不是订单行 (a refund row, not an order)".to_owned(),
    }))
}

/// Reads one 维权 row, or sets it aside whole with the field and the reason.
fn read_refund(raw: &RawValue) -> Result<Clawback, RejectedRow> {
    let reject = |field: Option<&'static str>, reason: String| RejectedRow {
        row_id: set_aside_id(raw),
        raw: raw.get().to_owned(),
        field: field.map(str::to_owned),
        reason,
    };
    let wire: WireRefund<'_> = serde_json::from_str(raw.get()).map_err(|e| reject(None, e.to_string()))?;
    wire.into_clawback().map_err(|(field, reason)| reject(Some(field), reason))
}

/// The id a 维权 that cannot be read is set aside under, when its
/// `refund_suit_id` can be told.
fn set_aside_id(raw: &RawValue) -> Option<RowId> {
    #[derive(Deserialize)]
    struct JustKey<'a> {
        #[serde(borrow)]
        refund_suit_id: &'a RawValue,
    }
    let refund: JustKey<'_> = serde_json::from_str(raw.get()).ok()?;
    key("refund_suit_id", Some(refund.refund_suit_id)).ok().map(|key| Clawback::set_aside_id(&key))
}

/// The fields read of a `PublisherRefundOrderDto`; the rest (prices, the
/// platform's and agents' shares, attribution) are passed over.
#[derive(Deserialize)]
struct WireRefund<'a> {
    #[serde(default, borrow)]
    refund_suit_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tb_trade_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    refund_status: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_commission_fee_refund: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_subsidy_fee_refund: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tk_refund_suit_time: Option<&'a RawValue>,
    #[serde(default, borrow)]
    modified_time: Option<&'a RawValue>,
}

impl WireRefund<'_> {
    fn into_clawback(self) -> Result<Clawback, FieldError> {
        let trade_key = key("tb_trade_id", self.tb_trade_id)?;
        // A status this version does not know is kept: it takes nothing.
        let status = integer(self.refund_status)
            .map_err(|reason| ("refund_status", reason))?
            .ok_or(("refund_status", "缺少状态 (missing)".to_owned()))?;
        // Her share only: the platform's and agents' fees were never paid to her.
        let fee = money("tk_commission_fee_refund", self.tk_commission_fee_refund)?.fen()
            + money("tk_subsidy_fee_refund", self.tk_subsidy_fee_refund)?.fen();
        Ok(Clawback {
            row: RowId::from_platform_key(Platform::Taobao, &trade_key),
            trade_key,
            refund_key: key("refund_suit_id", self.refund_suit_id)?,
            status,
            fee: Money::from_fen(fee),
            settle_day: time("tk_refund_suit_time", self.tk_refund_suit_time)?.and_then(pay_day_after),
            modify_time: required_time("modified_time", self.modified_time)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_platform, BizDay};

    /// A 维权 taken from her after settlement, amounts as the documented
    /// text; its trade is `wire.rs`'s sample row.
    const REFUND: &str = r#"{"refund_suit_id":"41234567890123","tb_trade_parent_id":"2026111822001234560",
        "tb_trade_id":"2026111822001234567","tb_trade_create_time":"2026-10-18 20:15:00",
        "earning_time":"2026-10-25 09:30:00","tk_refund_time":"2026-11-02 10:00:00",
        "tk_refund_suit_time":"2026-11-05 18:00:00","modified_time":"2026-11-05 18:00:00",
        "item_title":"每日坚果礼盒750g","tk_order_role":1,"tb_trade_finish_price":"119.80","refund_fee":"59.90",
        "pub_share_fee":"11.97","tk_commission_fee_refund":"5.40","tk_subsidy_fee_refund":"0.59",
        "tk_commission_alimm_refund_fee":"0.60","tk_subsidy_alimm_refund_fee":"0.00",
        "tk_commission_agent_refund_fee":"0.00","tk_subsidy_agent_refund_fee":"0.00","show_return_fee":"6.59",
        "refund_status":12,"relation_id":2718281828,"special_id":0}"#;
    const TRADE: &str = "2026111822001234567";

    fn answer(result: &str) -> String {
        format!(
            r#"{{"tbk_order_refund_get_response":{{"data":{{"has_next":true,"has_pre":false,"page_no":1,
                "page_size":100,"position_index":"1762336800_a1|1762336800_b2","result":{result}}},
                "request_id":"r1"}}}}"#
        )
    }

    fn page_of(rows: &[&str]) -> RefundPage {
        parse_refund_page(&answer(&format!(r#"{{"{ROW_WRAPPER}":[{}]}}"#, rows.join(",")))).unwrap()
    }

    fn only_refund(page: &RefundPage) -> &Clawback {
        assert!(page.rejected.is_empty(), "{:?}", page.rejected);
        let [refund] = page.refunds.as_slice() else { panic!("one refund, got {}", page.refunds.len()) };
        refund
    }

    #[test]
    fn a_documented_refund_reads_into_a_clawback_of_her_share() {
        let page = page_of(&[REFUND]);
        assert!(page.has_next);
        assert_eq!(page.position_index.as_deref(), Some("1762336800_a1|1762336800_b2"));
        let refund = only_refund(&page);
        assert_eq!(refund.row, RowId::from_platform_key(Platform::Taobao, TRADE));
        assert_eq!((refund.trade_key.as_str(), refund.refund_key.as_str()), (TRADE, "41234567890123"));
        assert_eq!(refund.status, 12);
        assert_eq!(refund.fee, Money::from_fen(540 + 59), "commission and subsidy refunds, not the platform's");
        assert_eq!(refund.settle_day, BizDay::from_int(20261220), "the 20th of the month after it was finished");
        assert_eq!(refund.modify_time, parse_platform("2026-11-05 18:00:00").unwrap());
    }

    #[test]
    fn both_simplify_shapes_and_a_lone_row_object_read_alike() {
        let shapes = [
            format!(r#"{{"{ROW_WRAPPER}":[{REFUND}]}}"#),
            format!("[{REFUND}]"),
            format!(r#"{{"{ROW_WRAPPER}":{REFUND}}}"#),
            REFUND.to_owned(),
        ];
        let wrapped = only_refund(&page_of(&[REFUND])).clone();
        for shape in shapes {
            let page = parse_refund_page(&answer(&shape)).unwrap();
            assert_eq!(only_refund(&page), &wrapped, "{shape}");
        }
        for empty in ["[]", "{}", "null", r#"{"publisher_refund_order_d_t_o":[]}"#] {
            let page = parse_refund_page(&answer(empty)).unwrap();
            assert!(page.refunds.is_empty() && page.rejected.is_empty(), "{empty}");
        }
        let nothing = parse_refund_page(r#"{"tbk_order_refund_get_response":{"request_id":"r"}}"#).unwrap();
        assert!(nothing.refunds.is_empty() && !nothing.has_next && nothing.position_index.is_none());
        // The order list's answer is not this list's.
        let details = r#"{"tbk_order_details_get_response":{"data":{"results":[]}}}"#;
        assert!(matches!(parse_refund_page(details), Err(PlatformError::Malformed(_))));
    }

    #[test]
    fn money_reads_the_same_as_text_or_numbers_and_missing_is_nothing() {
        let numbers = REFUND
            .replace(r#""tk_commission_fee_refund":"5.40""#, r#""tk_commission_fee_refund":5.4"#)
            .replace(r#""tk_subsidy_fee_refund":"0.59""#, r#""tk_subsidy_fee_refund":0.59"#);
        assert_eq!(only_refund(&page_of(&[&numbers])).fee, Money::from_fen(599));
        let no_subsidy = REFUND.replace(r#""tk_subsidy_fee_refund":"0.59","#, "");
        assert_eq!(only_refund(&page_of(&[&no_subsidy])).fee, Money::from_fen(540));
        let empty = no_subsidy.replace(r#""tk_commission_fee_refund":"5.40""#, r#""tk_commission_fee_refund":"""#);
        assert_eq!(only_refund(&page_of(&[&empty])).fee, Money::ZERO);
    }

    #[test]
    fn a_third_decimal_sets_that_refund_aside_naming_the_field_while_the_rest_lands() {
        let other = REFUND.replace("41234567890123", "41234567890124").replace(TRADE, "2026111822001234568");
        for (from, to, field) in [
            (
                r#""tk_commission_fee_refund":"5.40""#,
                r#""tk_commission_fee_refund":"5.405""#,
                "tk_commission_fee_refund",
            ),
            (r#""tk_subsidy_fee_refund":"0.59""#, r#""tk_subsidy_fee_refund":0.595"#, "tk_subsidy_fee_refund"),
            (r#""tk_subsidy_fee_refund":"0.59""#, r#""tk_subsidy_fee_refund":"-0.59""#, "tk_subsidy_fee_refund"),
            (r#""tk_subsidy_fee_refund":"0.59""#, r#""tk_subsidy_fee_refund":5.9e-1"#, "tk_subsidy_fee_refund"),
            (r#""refund_status":12"#, r#""refund_status":"x""#, "refund_status"),
            (r#""refund_status":12,"#, "", "refund_status"),
            (r#""refund_suit_id":"41234567890123""#, r#""refund_suit_id":"41 23""#, "refund_suit_id"),
            (r#""modified_time":"2026-11-05 18:00:00""#, r#""modified_time":"""#, "modified_time"),
            (
                r#""tk_refund_suit_time":"2026-11-05 18:00:00""#,
                r#""tk_refund_suit_time":"2026/11/05""#,
                "tk_refund_suit_time",
            ),
        ] {
            let bad = REFUND.replace(from, to);
            let page = page_of(&[&bad, &other]);
            assert_eq!(page.refunds.len(), 1, "{to}: the other refund lands");
            let [rejected] = page.rejected.as_slice() else { panic!("{to} was accepted") };
            assert_eq!(rejected.field.as_deref(), Some(field), "{to}: {}", rejected.reason);
            assert_eq!(rejected.raw, bad, "kept exactly as it came");
            // Set aside under its own id, never its order row's; with no readable key, under none.
            let own = (field != "refund_suit_id").then(|| Clawback::set_aside_id("41234567890123"));
            assert_eq!(rejected.row_id, own, "{to}");
            assert_ne!(rejected.row_id, Some(RowId::from_platform_key(Platform::Taobao, TRADE)));
        }
        let no_trade = page_of(&[&REFUND.replace(TRADE, ""), "42"]);
        assert!(no_trade.refunds.is_empty() && no_trade.rejected.len() == 2);
        assert_eq!(no_trade.rejected[0].row_id, Some(Clawback::set_aside_id("41234567890123")));
        assert_eq!(no_trade.rejected[1].row_id, None);
        assert_eq!(no_trade.rejected[0].field.as_deref(), Some("tb_trade_id"));
    }

    #[test]
    fn only_statuses_12_and_13_take_from_her_and_an_unknown_one_is_kept() {
        for (status, takes) in [(4, false), (2, false), (3, false), (11, false), (12, true), (13, true), (14, false)]
            .into_iter()
            .chain([(15, false), (77, false)])
        {
            let row = REFUND.replace(r#""refund_status":12"#, &format!(r#""refund_status":"{status}""#));
            let page = page_of(&[&row]);
            let refund = only_refund(&page);
            assert_eq!(refund.status, status);
            assert_eq!(refund.takes_from_her(), takes, "{status}");
        }
    }

    #[test]
    fn the_settle_day_is_the_20th_after_the_beijing_month_it_was_finished() {
        let finished = |at: &str| {
            let row = REFUND
                .replace(r#""tk_refund_suit_time":"2026-11-05 18:00:00""#, &format!(r#""tk_refund_suit_time":"{at}""#));
            only_refund(&page_of(&[&row])).settle_day
        };
        assert_eq!(finished("2026-12-31 23:30:00"), BizDay::from_int(20270120), "across the year's end");
        // 2026-12-31 16:30 in UTC, already January in Beijing.
        assert_eq!(finished("2027-01-01 00:30:00"), BizDay::from_int(20270220));
        assert_eq!(finished(""), None, "not finished yet");
        let unfinished = REFUND.replace(r#""tk_refund_suit_time":"2026-11-05 18:00:00","#, "");
        assert_eq!(only_refund(&page_of(&[&unfinished])).settle_day, None);
    }

    /// Run with `TZ` set far from GMT+8 (a laptop in Los Angeles): the
    /// settle day follows Beijing's month, never the laptop's.
    #[test]
    fn a_laptop_outside_gmt8_settles_on_the_same_day() {
        let status = std::process::Command::new(std::env::current_exe().expect("this test binary"))
            .args([
                "--exact",
                "platform::taobao::refunds::tests::settles_in_the_zone_it_is_given",
                "--include-ignored",
                "--test-threads",
                "1",
            ])
            .env("TZ", "America/Los_Angeles")
            .status()
            .expect("the test binary runs again");
        assert!(status.success());
    }

    /// The half of the test above that runs in the other zone.
    #[test]
    #[ignore = "run by a_laptop_outside_gmt8_settles_on_the_same_day with TZ set"]
    fn settles_in_the_zone_it_is_given() {
        assert_eq!(std::env::var("TZ").as_deref(), Ok("America/Los_Angeles"));
        the_settle_day_is_the_20th_after_the_beijing_month_it_was_finished();
    }

    #[test]
    fn a_refusal_is_worded_as_the_order_lists_are() {
        let body =
            r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"2007","sub_msg":"时间跨度过大"}}"#;
        assert!(matches!(
            parse_refund_page(body),
            Err(PlatformError::Refused { code, refusal: crate::platform::Refusal::WindowTooLarge, .. }) if code == "15/2007"
        ));
        let stale =
            r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"1008","sub_msg":"位点错误"}}"#;
        assert!(super::super::is_refused_cursor(&parse_refund_page(stale).unwrap_err()));
    }

    #[test]
    fn the_order_reader_sets_a_refund_row_aside_again() {
        let raw: &RawValue = serde_json::from_str(REFUND).unwrap();
        let rejected = super::super::read_row(raw).unwrap_err();
        assert_eq!(rejected.row_id, Some(Clawback::set_aside_id("41234567890123")), "its own id, not its row's");
        assert_eq!(rejected.raw, REFUND);
        assert!(rejected.reason.contains("维权"), "{}", rejected.reason);
        // One set aside for a reason keeps it when read again.
        let bad = REFUND.replace(r#""tk_commission_fee_refund":"5.40""#, r#""tk_commission_fee_refund":"5.405""#);
        let raw: &RawValue = serde_json::from_str(&bad).unwrap();
        let again = super::super::read_row(raw).unwrap_err();
        assert_eq!(again.field.as_deref(), Some("tk_commission_fee_refund"), "{}", again.reason);
    }
}
