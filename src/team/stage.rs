//! Where a partner is on the road from buying to sharing, read from the
//! orders attributed to them in the last 30 days. JD does not say who
//! bought, so the rule counts orders and the days they came on: a habit
//! shows as many orders spread over many days.

use serde::Serialize;

/// The window the rule looks at, in days ending today.
pub const WINDOW_DAYS: i64 = 30;
/// At least this many orders to count as sharing at all.
pub const SHARER_MIN_ORDERS: i64 = 3;
/// At least this many orders, on at least `HABIT_MIN_DAYS` distinct days,
/// for sharing to be a habit.
pub const HABIT_MIN_ORDERS: i64 = 20;
pub const HABIT_MIN_DAYS: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LifecycleStage {
    /// 消费者: buys for herself; fewer than 3 orders in 30 days.
    Consumer,
    /// 消费型分享者: shares now and then; 3 or more orders.
    ConsumingSharer,
    /// 分享型消费者: sharing is daily; 20+ orders on 10+ different days.
    SharingConsumer,
}

pub fn stage(orders: i64, order_days: i64) -> LifecycleStage {
    if orders >= HABIT_MIN_ORDERS && order_days >= HABIT_MIN_DAYS {
        LifecycleStage::SharingConsumer
    } else if orders >= SHARER_MIN_ORDERS {
        LifecycleStage::ConsumingSharer
    } else {
        LifecycleStage::Consumer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_follows_orders_and_the_days_they_came_on() {
        assert_eq!(stage(0, 0), LifecycleStage::Consumer);
        assert_eq!(stage(2, 2), LifecycleStage::Consumer);
        assert_eq!(stage(3, 1), LifecycleStage::ConsumingSharer);
        assert_eq!(stage(40, 9), LifecycleStage::ConsumingSharer, "many orders on few days is a burst, not a habit");
        assert_eq!(stage(20, 10), LifecycleStage::SharingConsumer);
    }
}
