//! 淘宝联盟's punished orders (`taobao.tbk.dg.punish.order.get`): a trade the
//! platform froze for breaking its rules (a 店铺淘客 or a false
//! transaction). Kept apart from the row, like a 维权, and read by the risk
//! radar beside the other platforms' risk codes; the row's own status and
//! money stay as the order list says.

use super::{Platform, RowId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Punishment {
    /// The row it freezes: the stand-in id of `tb_trade_id`.
    pub row: RowId,
    /// `tb_trade_id`, verbatim.
    pub trade_key: String,
    /// `punish_status`, verbatim: 0 frozen, 1 unfrozen (an older text of the
    /// documentation reads 0 normal, 1 to be punished, 2 frozen).
    pub status: i64,
    /// `violation_type`: 1 店铺淘客, 2 订单虚假交易; `None` when not given.
    pub violation: Option<i64>,
}

/// `punish_status` 1: the money is free again. Every other code, one this
/// version does not know included, counts as frozen: she should hear of it.
pub const UNFROZEN: i64 = 1;

impl Punishment {
    pub fn freezes(&self) -> bool {
        self.status != UNFROZEN
    }

    /// The id a punishment that cannot be read is set aside under: its
    /// own, never its order row's.
    pub fn set_aside_id(trade_key: &str) -> RowId {
        RowId::from_platform_key(Platform::Taobao, &format!("处罚:{trade_key}"))
    }
}
