//! Money a platform takes back from a row it already paid: 淘宝联盟's
//! 维权 after settlement (`taobao.tbk.order.refund.get`). Kept apart from
//! the row, so a later read of the row itself cannot lose it; the row's
//! `actual_fee` and settlement days are the row's own settled income less
//! what its clawbacks take.

use super::{BizDay, EpochSecs, Money, Platform, RowId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clawback {
    /// The row it takes from: the stand-in id of `tb_trade_id`.
    pub row: RowId,
    /// `tb_trade_id`, verbatim.
    pub trade_key: String,
    /// `refund_suit_id`: one per 维权, a row can have several.
    pub refund_key: String,
    /// `refund_status`, verbatim (4 opened, 2 won, 3 lost, 11 pending, 12
    /// to be taken from her, 13 taken from her, 14/15 taken from the seller).
    pub status: i64,
    /// What is taken from her: `tk_commission_fee_refund` +
    /// `tk_subsidy_fee_refund` (her share, without the platform's fees she
    /// was never paid).
    pub fee: Money,
    /// The pay day whose payout it is taken from: the 20th of the month
    /// after the 维权 was finished (`tk_refund_suit_time`), `None` while it is not.
    pub settle_day: Option<BizDay>,
    pub modify_time: EpochSecs,
}

/// `refund_status` 12 (等待扣款) and 13 (扣款成功): money already paid to
/// her is taken back. Every other status takes nothing from her.
pub const TAKEN_FROM_HER: [i64; 2] = [12, 13];

impl Clawback {
    pub fn takes_from_her(&self) -> bool {
        TAKEN_FROM_HER.contains(&self.status)
    }

    /// The id a 维权 is set aside under when it cannot be read: its own,
    /// never its order row's, so the two are kept and forgotten apart.
    pub fn set_aside_id(refund_key: &str) -> RowId {
        RowId::from_platform_key(Platform::Taobao, &format!("维权:{refund_key}"))
    }
}
