//! 淘宝联盟's orders, generated from the seed on a stream of their own (so
//! the three sandboxes never make the same rows): every row's whole life is
//! decided up front, `tk_status` 12 → 14 → 3 (a few 11 first, some 13, a
//! few of a code this version does not know), `refund_tag` turning 1 on a
//! few rows after settlement; the virtual clock only decides how much of
//! that life the API has seen yet.

use super::super::catalog::{self, Sku};
use super::super::dataset::{day_factor, pick_hour, HOUR_WEIGHTS};
use super::super::rng::Rng;
use super::super::SandboxConfig;
use crate::model::{BizDay, EpochSecs};
use chrono::Datelike;

const DAY: i64 = 86_400;
const MINUTE: i64 = 60;
/// Mixed into the seed so 淘宝联盟's rows differ from JD's and 多多进宝's.
const STREAM: u64 = 0x7A0B_A05E_ED00_0003;
/// A code outside the documented five, as a new platform state would come.
pub const UNKNOWN_STATUS: i64 = 15;
/// 平台技术服务费 (`alimama_rate`): 10% of the settled income, in hundredths of a percent.
pub const ALIMAMA_RATE: i64 = 1_000;
/// The account's `pub_id` and `site_id`.
pub const PUB_ID: i64 = 1_234_567;
pub const SITE_ID: i64 = 3_344_556;
const ADZONES: usize = 320;
const RELATIONS: usize = 300;
const SPECIALS: usize = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    Nobody,
    /// Index into `relations`.
    Relation(u16),
    /// Index into `specials`.
    Special(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Placed (11, not paid yet) or placed and paid at once (12).
    Created(i64),
    Paid,
    /// 确认收货: 14.
    Received,
    /// 结算成功: 3, `tk_earning_time` set.
    Settled,
    /// 失效: 13.
    Closed,
    /// A 维权 after settlement: `refund_tag` turns 1.
    Disputed,
    /// A state this version does not know.
    Unknown,
}

#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub at: EpochSecs,
    pub kind: EventKind,
}

pub struct TbRow {
    pub trade_id: i64,
    pub parent_id: i64,
    pub item: u32,
    pub item_num: u8,
    pub adzone: u16,
    pub person: Person,
    /// Whether its amounts come as JSON numbers rather than text, as some answers send them.
    pub numbers: bool,
    pub events: [Option<Event>; 5],
}

/// What the platform shows of a row at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TbState {
    pub tk_status: i64,
    pub create_time: EpochSecs,
    pub paid_time: Option<EpochSecs>,
    pub earning_time: Option<EpochSecs>,
    pub modified_time: EpochSecs,
    pub refund_tag: bool,
    pub alipay_total_fen: i64,
    pub pay_price_fen: i64,
    pub pre_fee_fen: i64,
    pub fee_fen: i64,
    pub alimama_fen: i64,
}

impl TbState {
    /// What the promoter is paid of the row: the settled income less the
    /// platform's fee, for received and settled rows (the client's `actual_fee`).
    pub fn income_fen(&self) -> i64 {
        if matches!(self.tk_status, 14 | 3) {
            (self.fee_fen - self.alimama_fen).max(0)
        } else {
            0
        }
    }
}

pub struct TaobaoDataset {
    pub items: Vec<Sku>,
    pub adzones: Vec<i64>,
    pub relations: Vec<i64>,
    pub specials: Vec<i64>,
    pub rows: Vec<TbRow>,
    /// Every event, sorted by time: `(at, row index)`.
    pub events: Vec<(EpochSecs, u32)>,
}

impl TaobaoDataset {
    pub fn generate(config: &SandboxConfig) -> TaobaoDataset {
        let seed = config.seed ^ STREAM;
        let mut setup = Rng::derive(seed, 0);
        let items = catalog::skus(&mut setup);
        let ids = |rng: &mut Rng, count: usize, base: i64, step: i64| -> Vec<i64> {
            (0..count as i64).map(|i| base + i * step + rng.range(0, step)).collect()
        };
        let adzones = ids(&mut setup, ADZONES, 109_000_000_000, 9_973);
        let relations = ids(&mut setup, RELATIONS, 2_700_000_000, 7_919);
        let specials = ids(&mut setup, SPECIALS, 31_400_000, 613);
        let mut dataset = TaobaoDataset { items, adzones, relations, specials, rows: Vec::new(), events: Vec::new() };
        let mut day = BizDay::of(config.anchor).add_days(-config.history_days);
        let last_day = BizDay::of(config.anchor).add_days(config.future_days);
        while day <= last_day {
            match &config.exact_hourly_rows {
                Some(counts) => dataset.generate_exact_hours(day, counts),
                None => dataset.generate_day(seed, config.rows_per_day, day),
            }
            day = day.add_days(1);
        }
        let mut events: Vec<(EpochSecs, u32)> = dataset
            .rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.events.iter().flatten().map(move |e| (e.at, i as u32)))
            .collect();
        events.sort_unstable();
        dataset.events = events;
        dataset
    }

    fn generate_day(&mut self, seed: u64, rows_per_day: u32, day: BizDay) {
        let serial = i64::from(day.date().num_days_from_ce());
        let mut rng = Rng::derive(seed, serial as u64 + 1);
        let wanted = (f64::from(rows_per_day) * day_factor(day) * (0.9 + 0.2 * rng.unit())) as i64;
        let hour_total: f64 = HOUR_WEIGHTS.iter().sum();
        let (mut rows, mut orders) = (0i64, 0i64);
        while rows < wanted {
            let created = day.start() + pick_hour(&mut rng, hour_total) * 3600 + rng.range(0, 3600);
            let lines = if rng.chance(0.85) { 1 } else { rng.range(2, 4) };
            let adzone = rng.skewed(self.adzones.len(), 1.5) as u16;
            let person = match rng.unit() {
                u if u < 0.6 => Person::Relation(rng.skewed(self.relations.len(), 1.2) as u16),
                u if u < 0.8 => Person::Special(rng.skewed(self.specials.len(), 1.2) as u16),
                _ => Person::Nobody,
            };
            let parent_id = trade_number(serial, orders * 10);
            orders += 1;
            for line in 0..lines {
                let item = catalog::pick_sku(&mut rng, &self.items) as u32;
                let item_num = if rng.chance(0.75) { 1 } else { rng.range(2, 4) as u8 };
                let events = life(&mut rng, created);
                let numbers = rng.chance(0.05);
                self.rows.push(TbRow {
                    trade_id: parent_id + line + 1,
                    parent_id,
                    item,
                    item_num,
                    adzone,
                    person,
                    numbers,
                    events,
                });
                rows += 1;
            }
        }
    }

    /// Exactly `counts[h % len]` rows in the h-th clock hour, each paid and
    /// never changed, so a window matches a known number of rows.
    fn generate_exact_hours(&mut self, day: BizDay, counts: &[u32]) {
        let serial = i64::from(day.date().num_days_from_ce());
        let mut seq = 0i64;
        for hour in 0..24 {
            let hour_start = day.start() + hour * 3600;
            let count = counts.get(((hour_start / 3600) as usize) % counts.len().max(1)).copied().unwrap_or(0);
            for i in 0..i64::from(count) {
                let parent_id = trade_number(serial, seq * 10);
                let at = hour_start + i * 3600 / i64::from(count);
                self.rows.push(TbRow {
                    trade_id: parent_id + 1,
                    parent_id,
                    item: (seq % 7) as u32,
                    item_num: 1,
                    adzone: (seq % self.adzones.len() as i64) as u16,
                    person: Person::Relation((seq % self.relations.len() as i64) as u16),
                    numbers: false,
                    events: [Some(Event { at, kind: EventKind::Created(12) }), None, None, None, None],
                });
                seq += 1;
            }
        }
    }

    /// The row as the platform shows it at `now`, or `None` before it
    /// exists. Events at `now` itself are not visible yet.
    pub fn state_at(&self, row: &TbRow, now: EpochSecs) -> Option<TbState> {
        let item = &self.items[row.item as usize];
        let total = item.price_fen * i64::from(row.item_num);
        let pre_fee = total * item.rate / 10_000;
        let mut state: Option<TbState> = None;
        for event in row.events.iter().flatten().filter(|e| e.at < now) {
            if let EventKind::Created(status) = event.kind {
                state = Some(TbState {
                    tk_status: status,
                    create_time: event.at,
                    paid_time: (status == 12).then_some(event.at),
                    earning_time: None,
                    modified_time: event.at,
                    refund_tag: false,
                    alipay_total_fen: total,
                    pay_price_fen: 0,
                    pre_fee_fen: if status == 12 { pre_fee } else { 0 },
                    fee_fen: 0,
                    alimama_fen: 0,
                });
                continue;
            }
            let s = state.as_mut()?;
            s.modified_time = event.at;
            match event.kind {
                EventKind::Created(_) => {}
                EventKind::Paid => {
                    s.tk_status = 12;
                    s.paid_time = Some(event.at);
                    s.pre_fee_fen = pre_fee;
                }
                EventKind::Received | EventKind::Settled => {
                    s.tk_status = if event.kind == EventKind::Settled { 3 } else { 14 };
                    s.pay_price_fen = total;
                    s.fee_fen = pre_fee;
                    s.alimama_fen = pre_fee * ALIMAMA_RATE / 10_000;
                    if event.kind == EventKind::Settled {
                        s.earning_time = Some(event.at);
                    }
                }
                EventKind::Closed => {
                    s.tk_status = 13;
                    s.pre_fee_fen = 0;
                    s.fee_fen = 0;
                    s.alimama_fen = 0;
                }
                EventKind::Disputed => s.refund_tag = true,
                EventKind::Unknown => s.tk_status = UNKNOWN_STATUS,
            }
        }
        state
    }

    pub fn person_id(&self, person: Person) -> Option<i64> {
        match person {
            Person::Nobody => None,
            Person::Relation(i) => Some(self.relations[usize::from(i)]),
            Person::Special(i) => Some(self.specials[usize::from(i)]),
        }
    }
}

/// A 19-digit trade number, like the platform's, unique per day and sequence.
fn trade_number(serial: i64, seq: i64) -> i64 {
    3_000_000_000_000_000_000 + serial * 10_000_000 + seq
}

/// A row's whole future: about 3% placed unpaid first (of which some never
/// pay), 8% closed after payment, 0.3% in an unknown state, the rest
/// received 3–12 days after payment and settled up to 5 days later, and
/// 1.5% of those disputed (`refund_tag`) 3–30 days after settlement.
fn life(rng: &mut Rng, created: EpochSecs) -> [Option<Event>; 5] {
    let mut events = Vec::with_capacity(5);
    let mut paid = created;
    if rng.chance(0.03) {
        events.push(Event { at: created, kind: EventKind::Created(11) });
        if rng.chance(0.4) {
            events.push(Event { at: created + rng.range(15 * MINUTE, DAY), kind: EventKind::Closed });
            return slots(events);
        }
        paid = created + rng.range(10 * MINUTE, 2 * 3600);
        events.push(Event { at: paid, kind: EventKind::Paid });
    } else {
        events.push(Event { at: created, kind: EventKind::Created(12) });
    }
    let roll = rng.unit();
    if roll < 0.08 {
        events.push(Event { at: paid + rng.range(3600, 5 * DAY), kind: EventKind::Closed });
    } else if roll < 0.083 {
        events.push(Event { at: paid + rng.range(DAY, 3 * DAY), kind: EventKind::Unknown });
    } else {
        let received = paid + rng.range(3 * DAY, 12 * DAY);
        let settled = received + rng.range(3600, 5 * DAY);
        events.push(Event { at: received, kind: EventKind::Received });
        events.push(Event { at: settled, kind: EventKind::Settled });
        if rng.chance(0.015) {
            events.push(Event { at: settled + rng.range(3 * DAY, 30 * DAY), kind: EventKind::Disputed });
        }
    }
    slots(events)
}

/// A life of at most five events in the row's fixed slots.
fn slots(events: Vec<Event>) -> [Option<Event>; 5] {
    let mut slots = [None; 5];
    for (slot, event) in slots.iter_mut().zip(events) {
        *slot = Some(event);
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-18, 20:00 in Beijing.
    const ANCHOR: EpochSecs = 1_795_003_200;

    fn dataset(seed: u64) -> TaobaoDataset {
        let mut config = SandboxConfig::new(seed, ANCHOR);
        config.rows_per_day = 300;
        config.history_days = 60;
        TaobaoDataset::generate(&config)
    }

    #[test]
    fn rows_live_the_platforms_life_and_some_stray_from_it() {
        let dataset = dataset(7);
        let now = ANCHOR;
        let mut by_status = std::collections::BTreeMap::<i64, usize>::new();
        let mut disputed_after_settling = 0;
        for row in &dataset.rows {
            let Some(state) = dataset.state_at(row, now) else { continue };
            *by_status.entry(state.tk_status).or_default() += 1;
            if state.refund_tag {
                assert_eq!(state.tk_status, 3, "only settled rows are disputed");
                assert!(state.modified_time > state.earning_time.unwrap());
                disputed_after_settling += 1;
            }
            match state.tk_status {
                3 => assert!(state.earning_time.is_some() && state.income_fen() == state.fee_fen - state.alimama_fen),
                14 => assert!(state.earning_time.is_none()),
                13 => assert_eq!((state.pre_fee_fen, state.income_fen()), (0, 0)),
                _ => assert_eq!(state.income_fen(), 0),
            }
        }
        for status in [3, 11, 12, 13, 14, UNKNOWN_STATUS] {
            assert!(by_status.get(&status).copied().unwrap_or(0) > 0, "{status}: {by_status:?}");
        }
        assert!(disputed_after_settling > 0);
    }

    #[test]
    fn places_and_persons_spread_over_a_few_hundred_values() {
        let dataset = dataset(7);
        let adzones: std::collections::HashSet<u16> = dataset.rows.iter().map(|r| r.adzone).collect();
        let persons: std::collections::HashSet<Person> = dataset.rows.iter().map(|r| r.person).collect();
        assert!(adzones.len() > 200, "{}", adzones.len());
        assert!(persons.len() > 300, "{}", persons.len());
        assert!(dataset.rows.iter().any(|r| r.numbers) && dataset.rows.iter().any(|r| !r.numbers));
    }

    #[test]
    fn the_rows_follow_the_seed_and_differ_from_jds() {
        let rows = |d: &TaobaoDataset| {
            d.rows.iter().map(|r| (r.trade_id, r.item, r.events[0].map(|e| e.at))).collect::<Vec<_>>()
        };
        assert_eq!(rows(&dataset(7)), rows(&dataset(7)));
        assert_ne!(rows(&dataset(7)), rows(&dataset(8)));
        let jd = super::super::super::Dataset::generate(super::super::super::DatasetConfig {
            seed: 7,
            rows_per_day: 300,
            anchor: ANCHOR,
            history_days: 60,
            future_days: 30,
            exact_hourly_rows: None,
            sub_union_prefix: "p",
        });
        let jd_times: Vec<EpochSecs> = jd.rows.iter().take(50).filter_map(|r| r.events[0].map(|e| e.at)).collect();
        let tb_times: Vec<EpochSecs> =
            dataset(7).rows.iter().take(50).filter_map(|r| r.events[0].map(|e| e.at)).collect();
        assert_ne!(jd_times, tb_times);
    }
}
