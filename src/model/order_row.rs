//! One platform order line (order + SKU), as the sync engine stores it.

use super::{BizDay, EpochSecs, Money, OrderId, PositionId, RatePct, RowId, SubUnionId, ValidCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: RowId,
    pub order_id: OrderId,
    pub parent_id: i64,
    pub order_time: EpochSecs,
    pub finish_time: Option<EpochSecs>,
    pub modify_time: EpochSecs,
    pub sku_id: i64,
    pub sku_name: String,
    pub sku_num: i64,
    pub sku_return_num: i64,
    pub sku_frozen_num: i64,
    pub price: Money,
    pub cid1: i64,
    pub commission_rate: RatePct,
    pub final_rate: RatePct,
    pub estimate_cos_price: Money,
    pub estimate_fee: Money,
    pub actual_cos_price: Money,
    pub actual_fee: Money,
    pub pay_month: Option<BizDay>,
    pub union_id: i64,
    pub position_id: Option<PositionId>,
    pub sub_union_id: Option<SubUnionId>,
    pub plus: bool,
    pub valid_code: ValidCode,
}

impl OrderRow {
    /// The Beijing day the order was placed: the key of the daily rollup.
    pub fn order_day(&self) -> BizDay {
        BizDay::of(self.order_time)
    }
}

/// A row the platform sent that could not be read, kept whole with why, so
/// the rest of its page lands and a later reader can try it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// The row's `id`, when even that much could be read.
    pub row_id: Option<RowId>,
    /// The row's JSON exactly as it arrived.
    pub raw: String,
    /// The wire field that was wrong, when one was.
    pub field: Option<String>,
    pub reason: String,
}
