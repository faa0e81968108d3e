//! One platform order line (order + SKU), as the sync engine stores it.

use super::{
    AccountId, BizDay, EpochSecs, Money, OrderId, Platform, PositionId, RatePct, RowId, StoredDay, SubUnionId,
    ValidCode,
};
use rusqlite::types::{ToSql, ToSqlOutput};

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
    /// What `balanceExt` says the platform settles on each day, kept only
    /// when it says more than the row's own columns do (one entry,
    /// `actual_fee` on `pay_month`): a refund after settlement comes back
    /// as a negative amount on a later day. `None` for a row not yet
    /// settled or plainly settled, so that most rows carry nothing extra.
    /// Stored apart, in `order_row_settlements`.
    pub settlements: Option<Vec<Settlement>>,
    /// The platform the row came from; `id` and `order_id` are JD's own
    /// for JD and stand for the text keys below for the other two.
    pub platform: Platform,
    /// The platform's own row key when `id` stands for it (多多进宝's
    /// `order_sn`, 淘宝联盟's `trade_id`).
    pub platform_key: Option<String>,
    /// The platform's own order number when `order_id` stands for it.
    pub order_key: Option<String>,
    /// The platform's own status code, verbatim, where `valid_code` is the
    /// one life mapped from it (`None` for JD, whose code is the life).
    pub platform_status: Option<String>,
    /// Where the link was made (多多进宝 `p_id`, 淘宝联盟 `adzone_id`): a group's place.
    pub platform_place: Option<String>,
    /// Whose link it was (多多进宝 `custom_parameters`, 淘宝联盟 `relation_id`
    /// or `special_id`): a partner's id on that platform.
    pub platform_person: Option<String>,
}

/// One settlement day's amount, as `balanceExt` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    pub day: BizDay,
    pub fee: Money,
}

impl OrderRow {
    /// The Beijing day the order was placed: the key of the daily rollup.
    pub fn order_day(&self) -> BizDay {
        BizDay::of(self.order_time)
    }
}

/// The `order_rows` columns, in the order [`OrderRow::to_sql_params`] binds
/// them and [`StoredOrderRow::from_sql_row`] reads them: the one place the
/// stored row is named, so a new column is added here and in those two
/// below. The shared length refuses to compile until the write follows;
/// the SQL-prepare test (`src/sql_prepare.rs`) prepares the list against
/// the schema.
pub const ORDER_ROW_COLUMNS: [&str; ORDER_ROW_WIDTH] = [
    "id",
    "account_id",
    "order_id",
    "parent_id",
    "order_time",
    "order_day",
    "finish_time",
    "modify_time",
    "sku_id",
    "sku_name",
    "sku_num",
    "sku_return_num",
    "sku_frozen_num",
    "price_fen",
    "cid1",
    "commission_rate",
    "final_rate",
    "estimate_cos_price_fen",
    "estimate_fee_fen",
    "actual_cos_price_fen",
    "actual_fee_fen",
    "pay_month",
    "union_id",
    "position_id",
    "sub_union_id",
    "plus",
    "valid_code",
    "group_id",
    "partner_id",
    "platform",
    "platform_key",
    "order_key",
    "platform_status",
    "platform_place",
    "platform_person",
];

pub const ORDER_ROW_WIDTH: usize = 35;

/// Where the store put a row: its account and the group and partner it was
/// attributed to (by position and sub-union id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPlace {
    pub account: AccountId,
    pub group: Option<i64>,
    pub partner: Option<i64>,
}

impl OrderRow {
    /// The values of [`ORDER_ROW_COLUMNS`] for this row, in their order.
    pub fn to_sql_params<'a>(&'a self, place: &'a RowPlace) -> rusqlite::Result<[ToSqlOutput<'a>; ORDER_ROW_WIDTH]> {
        Ok([
            self.id.to_sql()?,
            place.account.to_sql()?,
            self.order_id.to_sql()?,
            self.parent_id.to_sql()?,
            self.order_time.to_sql()?,
            // Derived from `order_time`, so owned rather than borrowed from the row.
            ToSqlOutput::from(self.order_day().as_int()),
            self.finish_time.to_sql()?,
            self.modify_time.to_sql()?,
            self.sku_id.to_sql()?,
            self.sku_name.to_sql()?,
            self.sku_num.to_sql()?,
            self.sku_return_num.to_sql()?,
            self.sku_frozen_num.to_sql()?,
            self.price.to_sql()?,
            self.cid1.to_sql()?,
            self.commission_rate.to_sql()?,
            self.final_rate.to_sql()?,
            self.estimate_cos_price.to_sql()?,
            self.estimate_fee.to_sql()?,
            self.actual_cos_price.to_sql()?,
            self.actual_fee.to_sql()?,
            self.pay_month.to_sql()?,
            self.union_id.to_sql()?,
            self.position_id.to_sql()?,
            self.sub_union_id.to_sql()?,
            self.plus.to_sql()?,
            self.valid_code.to_sql()?,
            place.group.to_sql()?,
            place.partner.to_sql()?,
            self.platform.to_sql()?,
            self.platform_key.to_sql()?,
            self.order_key.to_sql()?,
            self.platform_status.to_sql()?,
            self.platform_place.to_sql()?,
            self.platform_person.to_sql()?,
        ])
    }
}

/// A stored row read back by the sync writer, with where it was put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrderRow {
    pub row: OrderRow,
    pub place: RowPlace,
}

impl StoredOrderRow {
    /// Reads a row selected as [`ORDER_ROW_COLUMNS`], in their order. A stored
    /// pay month or sub-union id this version cannot read counts as none, so
    /// the row is written again rather than the window refused.
    pub fn from_sql_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredOrderRow> {
        let pay_month: StoredDay = r.get(21)?;
        let sub_union_id: Option<String> = r.get(24)?;
        let row = OrderRow {
            id: r.get(0)?,
            order_id: r.get(2)?,
            parent_id: r.get(3)?,
            order_time: r.get(4)?,
            finish_time: r.get(6)?,
            modify_time: r.get(7)?,
            sku_id: r.get(8)?,
            sku_name: r.get(9)?,
            sku_num: r.get(10)?,
            sku_return_num: r.get(11)?,
            sku_frozen_num: r.get(12)?,
            price: r.get(13)?,
            cid1: r.get(14)?,
            commission_rate: r.get(15)?,
            final_rate: r.get(16)?,
            estimate_cos_price: r.get(17)?,
            estimate_fee: r.get(18)?,
            actual_cos_price: r.get(19)?,
            actual_fee: r.get(20)?,
            pay_month: pay_month.day,
            union_id: r.get(22)?,
            position_id: r.get(23)?,
            sub_union_id: sub_union_id.and_then(|s| SubUnionId::parse(&s).ok()),
            plus: r.get(25)?,
            valid_code: r.get(26)?,
            // Kept in their own table: the sync writer reads them for the
            // few rows that have any.
            settlements: None,
            platform: r.get(29)?,
            platform_key: r.get(30)?,
            order_key: r.get(31)?,
            platform_status: r.get(32)?,
            platform_place: r.get(33)?,
            platform_person: r.get(34)?,
        };
        Ok(StoredOrderRow { row, place: RowPlace { account: r.get(1)?, group: r.get(27)?, partner: r.get(28)? } })
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
