//! Deterministic order data: every row's whole life (paid, maybe refunded,
//! completed or invalidated) is decided up front from the seed; the virtual
//! clock only decides how much of that life the API has seen yet.

use super::catalog::{self, Sku};
use super::rng::Rng;
use crate::model::{BizDay, EpochSecs, GroupKind, PartnerRole};
use chrono::{Datelike, Timelike};

const DAY: i64 = 86_400;
/// By default orders start this many days before the anchor, two days
/// inside the platform's 90-day horizon so that a clock advanced by a day or
/// so still returns every row.
pub const HISTORY_DAYS: i64 = 88;
/// The promoter's share of commission (`finalRate`), hundredths of a percent.
pub const FINAL_RATE: i64 = 9_000;
pub const UNION_ID: i64 = 1_002_345_678;

#[derive(Debug, Clone)]
pub struct DatasetConfig {
    pub seed: u64,
    pub rows_per_day: u32,
    /// The instant the data is arranged around ("today" when it was made).
    pub anchor: EpochSecs,
    /// How many days of past orders exist before the anchor.
    pub history_days: i64,
    /// How many days of future orders exist for the clock to reveal.
    pub future_days: i64,
    /// Instead of the daily rhythm: exactly `counts[h % len]` rows in the
    /// h-th clock hour, each paid then never changed, so a one-hour query
    /// window matches exactly that many rows (page-boundary tests).
    pub exact_hourly_rows: Option<Vec<u32>>,
    /// What the team's sub-union ids start with (`p1001`, …).
    pub sub_union_prefix: &'static str,
}

pub struct Position {
    pub id: i64,
    pub name: String,
    pub kind: GroupKind,
}

pub struct Member {
    pub sub_union_id: String,
    pub name: String,
    pub parent: Option<usize>,
    pub role: PartnerRole,
    pub joined_on: BizDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Paid,
    Completed,
    /// One unit of the line sent back.
    PartialRefund,
    /// This many units sent back after the platform settled the row: the
    /// platform takes the commission back on its next settlement day.
    LateRefund(u8),
    Invalid(i64),
}

#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub at: EpochSecs,
    pub kind: EventKind,
}

pub struct GenRow {
    pub id: i64,
    pub order_id: i64,
    pub sku: u32,
    pub sku_num: u8,
    pub position: u16,
    /// Index into `members`, or `u32::MAX` for rows with no sub-union id.
    pub member: u32,
    pub plus: bool,
    pub events: [Option<Event>; 3],
}

/// What the platform shows of a row at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowState {
    pub valid_code: i64,
    pub finish_time: Option<EpochSecs>,
    pub modify_time: EpochSecs,
    pub sku_return_num: i64,
    pub estimate_cos_fen: i64,
    pub estimate_fee_fen: i64,
    pub actual_cos_fen: i64,
    pub actual_fee_fen: i64,
    pub pay_month: Option<i64>,
    /// What a refund after settlement takes back, and when.
    pub clawback: Option<Clawback>,
}

/// A negative settlement: `fee_fen` (below zero) on `settle_day` (`yyyyMMdd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clawback {
    pub settle_day: i64,
    pub fee_fen: i64,
}

impl RowState {
    /// What `balanceExt` shows at `now`: nothing before the settlement
    /// day, then what was settled on it (the fee before any later refund)
    /// and the clawback, if any, so the entries add up to `actual_fee_fen`.
    pub fn settlements(&self, now: EpochSecs) -> impl Iterator<Item = (i64, i64)> {
        let settled = self.pay_month.filter(|day| *day <= BizDay::of(now).as_int());
        let clawback = self.clawback.filter(|_| settled.is_some());
        let taken = clawback.map_or(0, |c| c.fee_fen);
        settled
            .map(|day| (day, self.actual_fee_fen - taken))
            .into_iter()
            .chain(clawback.map(|c| (c.settle_day, c.fee_fen)))
    }
}

pub struct Dataset {
    pub config: DatasetConfig,
    pub positions: Vec<Position>,
    pub members: Vec<Member>,
    pub skus: Vec<Sku>,
    pub rows: Vec<GenRow>,
    /// Every event, sorted by time: `(at, row index)`.
    pub events: Vec<(EpochSecs, u32)>,
}

pub const NO_MEMBER: u32 = u32::MAX;

impl Dataset {
    pub fn generate(config: DatasetConfig) -> Dataset {
        let mut setup = Rng::derive(config.seed, 0);
        let skus = catalog::skus(&mut setup);
        let positions = positions(&mut setup, 48);
        let members = members(&mut setup, 360, config.anchor, config.sub_union_prefix);
        let mut rows = Vec::new();
        let first_day = BizDay::of(config.anchor).add_days(-config.history_days);
        let last_day = BizDay::of(config.anchor).add_days(config.future_days);
        let mut day = first_day;
        while day <= last_day {
            match &config.exact_hourly_rows {
                Some(counts) => generate_exact_hours(day, counts, positions.len(), members.len(), &mut rows),
                None => generate_day(&config, day, &skus, positions.len(), members.len(), &mut rows),
            }
            day = day.add_days(1);
        }
        let mut events: Vec<(EpochSecs, u32)> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.events.iter().flatten().map(move |e| (e.at, i as u32)))
            .collect();
        events.sort_unstable();
        Dataset { config, positions, members, skus, rows, events }
    }

    /// The row as the platform shows it at `now`, or `None` before it exists.
    /// Events at `now` itself are not visible yet.
    pub fn state_at(&self, row: &GenRow, now: EpochSecs) -> Option<RowState> {
        let sku = &self.skus[row.sku as usize];
        let mut state: Option<RowState> = None;
        let mut units = i64::from(row.sku_num);
        for event in row.events.iter().flatten().filter(|e| e.at < now) {
            let fee = |units: i64| sku.price_fen * units * sku.rate * FINAL_RATE / 100_000_000;
            match event.kind {
                EventKind::Paid => {
                    state = Some(RowState {
                        valid_code: 16,
                        finish_time: None,
                        modify_time: event.at,
                        sku_return_num: 0,
                        estimate_cos_fen: sku.price_fen * units,
                        estimate_fee_fen: fee(units),
                        actual_cos_fen: 0,
                        actual_fee_fen: 0,
                        pay_month: None,
                        clawback: None,
                    });
                }
                EventKind::PartialRefund => {
                    let s = state.as_mut()?;
                    units -= 1;
                    s.sku_return_num += 1;
                    s.modify_time = event.at;
                    if s.valid_code == 17 {
                        s.actual_cos_fen = sku.price_fen * units;
                        s.actual_fee_fen = fee(units);
                    } else {
                        s.estimate_cos_fen = sku.price_fen * units;
                        s.estimate_fee_fen = fee(units);
                    }
                }
                EventKind::LateRefund(returned) => {
                    let s = state.as_mut()?;
                    let settled_fee = s.actual_fee_fen;
                    units -= i64::from(returned);
                    s.sku_return_num += i64::from(returned);
                    s.modify_time = event.at;
                    s.actual_cos_fen = sku.price_fen * units;
                    s.actual_fee_fen = fee(units);
                    // `pay_month` stays: the settled part was settled then.
                    s.clawback = Some(Clawback {
                        settle_day: settlement_after(event.at),
                        fee_fen: s.actual_fee_fen - settled_fee,
                    });
                }
                EventKind::Completed => {
                    let s = state.as_mut()?;
                    s.valid_code = 17;
                    s.finish_time = Some(event.at);
                    s.modify_time = event.at;
                    s.actual_cos_fen = s.estimate_cos_fen;
                    s.actual_fee_fen = s.estimate_fee_fen;
                    s.pay_month = Some(pay_month_after(event.at));
                }
                EventKind::Invalid(code) => {
                    let s = state.as_mut()?;
                    s.valid_code = code;
                    s.modify_time = event.at;
                    s.estimate_fee_fen = 0;
                    s.actual_fee_fen = 0;
                }
            }
        }
        state
    }

    pub fn order_time(row: &GenRow) -> EpochSecs {
        row.events[0].map(|e| e.at).unwrap_or(EpochSecs::MAX)
    }
}

/// Settlement runs around the 20th of the month after completion.
fn pay_month_after(finished: EpochSecs) -> i64 {
    let day = BizDay::of(finished).date();
    let (year, month) = if day.month() == 12 { (day.year() + 1, 1) } else { (day.year(), day.month() + 1) };
    i64::from(year) * 10_000 + i64::from(month) * 100 + 20
}

/// The first settlement day after a refund: the 20th of its month when it
/// came before the 20th, else the next month's.
fn settlement_after(at: EpochSecs) -> i64 {
    let day = BizDay::of(at).date();
    if day.day() < 20 {
        i64::from(day.year()) * 10_000 + i64::from(day.month()) * 100 + 20
    } else {
        pay_month_after(at)
    }
}

/// Roughly one row in seventy that simply completes is refunded after the
/// platform settled it (so about 1.3% of all rows).
const LATE_REFUND_SHARE: f64 = 0.015;

/// Makes a row that simply completes, now and then, one refunded 3 to 35
/// days after its settlement day: a unit of it, or the whole line. Decided
/// by the row's own generator, so every other row stays as it was.
fn add_late_refund(seed: u64, row_id: i64, units: u8, events: &mut [Option<Event>; 3]) {
    let [_, Some(done @ Event { kind: EventKind::Completed, .. }), None] = *events else { return };
    let mut rng = Rng::derive(seed, row_id.unsigned_abs());
    if !rng.chance(LATE_REFUND_SHARE) {
        return;
    }
    let settled = BizDay::from_int(pay_month_after(done.at)).unwrap_or(BizDay::MAX).start();
    let at = settled + rng.range(3 * DAY, 35 * DAY);
    let returned = if units > 1 && rng.chance(0.7) { 1 } else { units };
    events[2] = Some(Event { at, kind: EventKind::LateRefund(returned) });
}

fn positions(rng: &mut Rng, count: usize) -> Vec<Position> {
    (0..count)
        .map(|i| {
            let (name, kind) = catalog::group_name(i);
            Position { id: 3_001_000_100 + i as i64 * 7 + rng.range(0, 7), name, kind }
        })
        .collect()
}

/// A team tree: a handful of shopkeepers under the head, each growing a
/// subtree; earlier members recruited more.
fn members(rng: &mut Rng, count: usize, anchor: EpochSecs, prefix: &str) -> Vec<Member> {
    let mut members: Vec<Member> = Vec::with_capacity(count);
    let mut depths: Vec<usize> = Vec::with_capacity(count);
    for i in 0..count {
        let parent = if i < 6 { None } else { Some(rng.skewed(i, 1.6)) };
        let depth = parent.map(|p| depths[p] + 1).unwrap_or(0);
        depths.push(depth);
        let spread = rng.range(0, 10);
        // The newest three joined this week (days 1, 3, 5 before the
        // anchor): the first-week plan and the newcomers' course have someone.
        let joined_days_ago = match count - i {
            newest @ 1..=3 if count > 6 => newest as i64 * 2 - 1,
            _ => 400 - (i as i64 * 380 / count as i64) + spread,
        };
        members.push(Member {
            sub_union_id: format!("{prefix}{}", 1001 + i),
            name: catalog::person_name(rng),
            parent,
            role: catalog::role_at_depth(depth),
            joined_on: BizDay::of(anchor - joined_days_ago * DAY),
        });
    }
    members
}

/// Relative order volume by Beijing hour: quiet nights, a lunch peak and the
/// evening peak when groups are most active.
pub(super) const HOUR_WEIGHTS: [f64; 24] = [
    0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.4, 0.9, 1.2, 1.3, 1.4, 1.6, 2.0, 1.8, 1.3, 1.2, 1.2, 1.3, 1.5, 1.9, 2.4, 2.6,
    2.2, 1.3,
];

pub(super) fn day_factor(day: BizDay) -> f64 {
    let date = day.date();
    let weekend = if date.weekday().number_from_monday() >= 6 { 1.15 } else { 1.0 };
    let promo = match (date.month(), date.day()) {
        (11, 11) => 4.0,
        (11, 1..=10) => 1.3 + 0.15 * f64::from(date.day()),
        (10, 31) => 1.4,
        (6, 18) => 3.0,
        (6, 1..=17) => 1.3 + 0.05 * f64::from(date.day()),
        (12, 12) => 1.8,
        _ => 1.0,
    };
    weekend * promo
}

fn generate_day(
    config: &DatasetConfig,
    day: BizDay,
    skus: &[Sku],
    positions: usize,
    members: usize,
    rows: &mut Vec<GenRow>,
) {
    let serial = day.date().num_days_from_ce() as i64;
    let mut rng = Rng::derive(config.seed, serial as u64 + 1);
    let wanted_rows = (f64::from(config.rows_per_day) * day_factor(day) * (0.9 + 0.2 * rng.unit())) as i64;
    let hour_total: f64 = HOUR_WEIGHTS.iter().sum();
    let start = day.start();
    let mut row_seq = 0i64;
    let mut order_seq = 0i64;
    while row_seq < wanted_rows {
        let hour = pick_hour(&mut rng, hour_total);
        let order_time = start + hour * 3600 + rng.range(0, 3600);
        let lines = match rng.unit() {
            u if u < 0.80 => 1,
            u if u < 0.95 => 2,
            _ => 3,
        };
        let position = rng.skewed(positions, 1.5) as u16;
        let member = if rng.chance(0.92) { rng.skewed(members, 1.2) as u32 } else { NO_MEMBER };
        let plus = rng.chance(0.2);
        let order_id = 280_000_000_000 + serial * 1_000_000 + order_seq;
        order_seq += 1;
        for _ in 0..lines {
            let sku = catalog::pick_sku(&mut rng, skus) as u32;
            let sku_num = if rng.chance(0.7) { 1 } else { rng.range(2, 4) as u8 };
            let id = 300_000_000_000 + serial * 1_000_000 + row_seq;
            let mut events = life(&mut rng, order_time, sku_num);
            add_late_refund(config.seed, id, sku_num, &mut events);
            rows.push(GenRow { id, order_id, sku, sku_num, position, member, plus, events });
            row_seq += 1;
        }
    }
}

fn generate_exact_hours(day: BizDay, counts: &[u32], positions: usize, members: usize, rows: &mut Vec<GenRow>) {
    let serial = day.date().num_days_from_ce() as i64;
    let mut row_seq = 0i64;
    for hour in 0..24 {
        let hour_start = day.start() + hour * 3600;
        let count = counts.get(((hour_start / 3600) as usize) % counts.len().max(1)).copied().unwrap_or(0);
        for i in 0..i64::from(count) {
            let id = serial * 1_000_000 + row_seq;
            rows.push(GenRow {
                id: 300_000_000_000 + id,
                order_id: 280_000_000_000 + id,
                sku: (row_seq % 7) as u32,
                sku_num: 1,
                position: (row_seq % positions as i64) as u16,
                member: (row_seq % members as i64) as u32,
                plus: false,
                events: [
                    Some(Event { at: hour_start + i * 3600 / i64::from(count), kind: EventKind::Paid }),
                    None,
                    None,
                ],
            });
            row_seq += 1;
        }
    }
}

pub(super) fn pick_hour(rng: &mut Rng, total: f64) -> i64 {
    let mut roll = rng.unit() * total;
    for (hour, weight) in HOUR_WEIGHTS.iter().enumerate() {
        if roll < *weight {
            return hour as i64;
        }
        roll -= weight;
    }
    23
}

const RISK_CODES: &[i64] = &[25, 26, 27, 28];
const OTHER_INVALID: &[i64] = &[2, 13, 19, 20, 29];

/// A row's whole future, decided at birth: about 5% turn invalid (with risk
/// codes among them), a few lose a unit to a refund, the rest complete.
fn life(rng: &mut Rng, paid_at: EpochSecs, units: u8) -> [Option<Event>; 3] {
    let paid = Some(Event { at: paid_at, kind: EventKind::Paid });
    let hours = |rng: &mut Rng, low: i64, high: i64| paid_at + rng.range(low * 3600, high * 3600);
    let event = |at, kind| Some(Event { at, kind });
    let roll = rng.unit();
    if roll < 0.03 {
        [paid, event(hours(rng, 1, 48), EventKind::Invalid(3)), None]
    } else if roll < 0.04 {
        let code = *rng.pick(RISK_CODES);
        [paid, event(hours(rng, 24, 120), EventKind::Invalid(code)), None]
    } else if roll < 0.05 {
        let code = *rng.pick(OTHER_INVALID);
        [paid, event(hours(rng, 1, 12), EventKind::Invalid(code)), None]
    } else if roll < 0.08 && units >= 2 {
        let refund = hours(rng, 24, 48);
        let done = refund + rng.range(3 * DAY, 10 * DAY);
        [paid, event(refund, EventKind::PartialRefund), event(done, EventKind::Completed)]
    } else if roll < 0.11 && units >= 2 {
        let done = hours(rng, 72, 240);
        let refund = done + rng.range(DAY, 5 * DAY);
        [paid, event(done, EventKind::Completed), event(refund, EventKind::PartialRefund)]
    } else {
        [paid, event(hours(rng, 72, 288), EventKind::Completed), None]
    }
}

/// Hour of day in Beijing, used by tests to check the daily rhythm.
pub fn beijing_hour(at: EpochSecs) -> u32 {
    crate::model::to_beijing(at).hour()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-18, 20:00 in Beijing, as the engine's tests pin it.
    const ANCHOR: EpochSecs = 1_795_003_200;

    fn dataset(seed: u64) -> Dataset {
        Dataset::generate(DatasetConfig {
            seed,
            rows_per_day: 200,
            anchor: ANCHOR,
            history_days: HISTORY_DAYS,
            future_days: 40,
            exact_hourly_rows: None,
            sub_union_prefix: "p",
        })
    }

    fn late_refund(row: &GenRow) -> Option<(EpochSecs, u8)> {
        row.events.iter().flatten().find_map(|e| match e.kind {
            EventKind::LateRefund(units) => Some((e.at, units)),
            _ => None,
        })
    }

    #[test]
    fn a_few_settled_rows_are_refunded_later_and_the_next_settlement_takes_it_back() {
        let dataset = dataset(7);
        let now = ANCHOR + 40 * DAY;
        let (mut clawed_back, mut whole_rows, mut one_unit) = (0, 0, 0);
        for row in &dataset.rows {
            let Some(state) = dataset.state_at(row, now) else { continue };
            let entries: Vec<(i64, i64)> = state.settlements(now).collect();
            let Some((refunded_at, units)) = late_refund(row).filter(|(at, _)| *at < now) else {
                assert_eq!(state.clawback, None);
                match state.pay_month.filter(|day| *day <= BizDay::of(now).as_int()) {
                    Some(day) => assert_eq!(entries, vec![(day, state.actual_fee_fen)], "{}", row.id),
                    None => assert!(entries.is_empty(), "{}", row.id),
                }
                continue;
            };
            clawed_back += 1;
            if units == row.sku_num {
                whole_rows += 1;
            } else {
                one_unit += 1;
            }
            let before = dataset.state_at(row, refunded_at).expect("settled before the refund");
            let settled_on = before.pay_month.and_then(BizDay::from_int).expect("settled");
            assert!(refunded_at >= settled_on.start() + 3 * DAY && refunded_at < settled_on.start() + 35 * DAY);
            assert_eq!((state.pay_month, state.valid_code), (before.pay_month, 17), "the pay month stays");
            assert_eq!(state.modify_time, refunded_at);
            assert_eq!(state.sku_return_num, i64::from(units));
            assert!(state.actual_fee_fen < before.actual_fee_fen && state.actual_cos_fen < before.actual_cos_fen);
            let refund_day = BizDay::of(refunded_at).date();
            let next_month = BizDay::of(refunded_at).first_of_month().add_days(31).date();
            let (year, month) = if refund_day.day() < 20 {
                (refund_day.year(), refund_day.month())
            } else {
                (next_month.year(), next_month.month())
            };
            let clawback_day = i64::from(year) * 10_000 + i64::from(month) * 100 + 20;
            assert_eq!(
                entries,
                vec![
                    (settled_on.as_int(), before.actual_fee_fen),
                    (clawback_day, state.actual_fee_fen - before.actual_fee_fen)
                ],
                "{}",
                row.id
            );
        }
        let share = f64::from(clawed_back) / dataset.rows.len() as f64;
        assert!((0.005..0.02).contains(&share), "{clawed_back} of {} rows", dataset.rows.len());
        assert!(whole_rows > 0 && one_unit > 0, "{whole_rows} whole, {one_unit} one unit");
    }

    #[test]
    fn late_refunds_follow_the_seed() {
        let (one, again, other) = (dataset(7), dataset(7), dataset(8));
        let lives = |d: &Dataset| {
            d.rows.iter().map(|r| (r.id, r.events.map(|e| e.map(|e| (e.at, e.kind))))).collect::<Vec<_>>()
        };
        assert_eq!(lives(&one), lives(&again));
        let refunded = |d: &Dataset| d.rows.iter().filter_map(late_refund).collect::<Vec<_>>();
        assert_ne!(refunded(&one), refunded(&other));
    }
}
