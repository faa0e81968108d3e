//! Deterministic 多多进宝 orders: each row's whole life through the
//! platform's statuses (`../shared/PLATFORMS.md` A3, A6) is decided up front
//! from the seed; the virtual clock only decides how much of it the API has
//! seen yet. The goods come from the JD sandbox's catalog, the places
//! (`p_id`) and people (`custom_parameters`) are the platform's own.

use super::super::catalog::{self, Sku};
use super::super::rng::Rng;
use crate::model::{BizDay, EpochSecs};
use crate::platform::pdd::wire::{pay_day_for_audit, AUDIT_AFTER_RECEIPT_DAYS};

const DAY: i64 = 86_400;
/// Mixed into the seed so that the three sandboxes, given one seed, never
/// invent the same rows ("PDD_DDJB").
const STREAM_SALT: u64 = 0x5044_445F_4444_4A42;
/// The promoter's 多多进宝 id, the first half of every `p_id`.
pub const DUO_ID: i64 = 1_000_001;
pub const PLACES: usize = 200;
pub const PERSONS: usize = 360;
pub const NO_PERSON: u32 = u32::MAX;
/// The settlement run's hour on the 20th, Beijing time.
const SETTLE_HOUR: i64 = 10;

/// `order_status` codes (A3).
pub mod status {
    pub const UNPAID: i64 = -1;
    pub const PAID: i64 = 0;
    pub const GROUPED: i64 = 1;
    pub const RECEIVED: i64 = 2;
    pub const AUDITED: i64 = 3;
    pub const AUDIT_FAILED: i64 = 4;
    pub const SETTLED: i64 = 5;
    pub const NO_COMMISSION: i64 = 8;
    pub const PUNISHED: i64 = 10;
    /// A code no documentation names: the client must keep the row.
    pub const UNDOCUMENTED: i64 = 7;
}

#[derive(Debug, Clone)]
pub struct PddDatasetConfig {
    pub seed: u64,
    pub rows_per_day: u32,
    pub anchor: EpochSecs,
    pub history_days: i64,
    pub future_days: i64,
    /// Exactly `counts[h % len]` rows in the h-th clock hour, each paid and
    /// never changed (page-boundary tests), instead of the daily rhythm.
    pub exact_hourly_rows: Option<Vec<u32>>,
    /// What the people's `uid` starts with.
    pub person_prefix: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub at: EpochSecs,
    pub status: i64,
}

/// The most steps a life takes: unpaid, paid, grouped, received, audited, settled.
pub const MAX_STEPS: usize = 6;

pub struct PddRow {
    pub order_sn: String,
    pub sku: u32,
    pub quantity: u8,
    pub place: u16,
    /// Index into `persons`, or [`NO_PERSON`] for a link without parameters.
    pub person: u32,
    pub created: EpochSecs,
    /// Goods that earn nothing (status 8 rows).
    pub no_commission: bool,
    /// The platform's software fee, ‰ of the commission.
    pub service_fee_permille: i64,
    pub subsidy_fen: i64,
    /// Sent with its amounts as numeric text rather than numbers.
    pub money_as_text: bool,
    pub steps: [Option<Step>; MAX_STEPS],
}

/// What the platform shows of a row at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PddState {
    pub status: i64,
    pub modify_at: EpochSecs,
    pub pay_time: Option<EpochSecs>,
    pub group_time: Option<EpochSecs>,
    pub receive_time: Option<EpochSecs>,
    pub verify_time: Option<EpochSecs>,
    pub settle_time: Option<EpochSecs>,
}

/// A row's money, in fen and ‰, as the platform sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PddMoney {
    pub goods_price: i64,
    pub order_amount: i64,
    pub promotion_rate: i64,
    pub promotion_amount: i64,
    pub service_fee: i64,
}

impl PddMoney {
    /// What she keeps: the commission less the software fee.
    pub fn net(self) -> i64 {
        (self.promotion_amount - self.service_fee).max(0)
    }
}

pub struct PddDataset {
    pub config: PddDatasetConfig,
    pub places: Vec<String>,
    pub persons: Vec<String>,
    pub skus: Vec<Sku>,
    pub rows: Vec<PddRow>,
    /// Every step, sorted by time: `(at, row index)`.
    pub events: Vec<(EpochSecs, u32)>,
}

impl PddDataset {
    pub fn generate(config: PddDatasetConfig) -> PddDataset {
        let seed = config.seed ^ STREAM_SALT;
        let mut setup = Rng::derive(seed, 0);
        let skus = catalog::skus(&mut setup);
        let places =
            (0..PLACES).map(|i| format!("{DUO_ID}_{}", 2_000_001 + i as i64 * 13 + setup.range(0, 13))).collect();
        let persons = (0..PERSONS)
            .map(|i| {
                let group = setup.range(1, 40);
                format!(r#"{{"uid":"{}{}","sid":"g{group}"}}"#, config.person_prefix, 1001 + i)
            })
            .collect();
        let mut rows = Vec::new();
        let mut day = BizDay::of(config.anchor).add_days(-config.history_days);
        let last_day = BizDay::of(config.anchor).add_days(config.future_days);
        while day <= last_day {
            match &config.exact_hourly_rows {
                Some(counts) => exact_hours(day, counts, &mut rows),
                None => generate_day(seed, config.rows_per_day, day, &skus, &mut rows),
            }
            day = day.add_days(1);
        }
        let mut events: Vec<(EpochSecs, u32)> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.steps.iter().flatten().map(move |step| (step.at, i as u32)))
            .collect();
        events.sort_unstable();
        PddDataset { config, places, persons, skus, rows, events }
    }

    /// The row as the platform shows it at `now`, or `None` before it
    /// exists. Steps at `now` itself are not visible yet.
    pub fn state_at(&self, row: &PddRow, now: EpochSecs) -> Option<PddState> {
        let mut state: Option<PddState> = None;
        for step in row.steps.iter().flatten().filter(|step| step.at < now) {
            let s = state.get_or_insert(PddState {
                status: step.status,
                modify_at: step.at,
                pay_time: None,
                group_time: None,
                receive_time: None,
                verify_time: None,
                settle_time: None,
            });
            s.status = step.status;
            s.modify_at = step.at;
            match step.status {
                status::PAID => s.pay_time = Some(step.at),
                status::GROUPED => s.group_time = Some(step.at),
                status::RECEIVED => s.receive_time = Some(step.at),
                status::AUDITED | status::AUDIT_FAILED => s.verify_time = Some(step.at),
                status::SETTLED => s.settle_time = Some(step.at),
                _ => {}
            }
        }
        state
    }

    pub fn money(&self, row: &PddRow) -> PddMoney {
        let sku = &self.skus[row.sku as usize];
        let order_amount = sku.price_fen * i64::from(row.quantity);
        // The catalog's rates are hundredths of a percent; PDD's are ‰.
        let promotion_rate = if row.no_commission { 0 } else { sku.rate / 10 };
        let promotion_amount = order_amount * promotion_rate / 1_000;
        PddMoney {
            goods_price: sku.price_fen,
            order_amount,
            promotion_rate,
            promotion_amount,
            service_fee: promotion_amount * row.service_fee_permille / 1_000,
        }
    }

    /// Rows whose last update falls in `[start, end)` as of `now`, the most
    /// recently updated first (ties by row, newest first): a row updated
    /// during a walk leaves its place, and those behind it move forward.
    /// Half-open like the client's windows; whether the platform counts the
    /// end second in is not documented, and a row met twice is stored once.
    pub fn rows_in_window(&self, start: EpochSecs, end: EpochSecs, now: EpochSecs) -> Vec<u32> {
        let end = end.min(now);
        if start >= end {
            return Vec::new();
        }
        let first = self.events.partition_point(|(at, _)| *at < start);
        let mut found: Vec<(EpochSecs, u32)> = self.events[first..]
            .iter()
            .take_while(|(at, _)| *at < end)
            .filter(|(at, i)| self.state_at(&self.rows[*i as usize], now).is_some_and(|s| s.modify_at == *at))
            .copied()
            .collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.into_iter().map(|(_, i)| i).collect()
    }
}

/// Relative order volume by Beijing hour, as on JD: quiet nights, a lunch
/// peak and the evening peak.
const HOUR_WEIGHTS: [f64; 24] = [
    0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.4, 0.9, 1.2, 1.3, 1.4, 1.6, 2.0, 1.8, 1.3, 1.2, 1.2, 1.3, 1.5, 1.9, 2.4, 2.6,
    2.2, 1.3,
];

fn order_sn(day: BizDay, seq: i64) -> String {
    let date = day.date();
    use chrono::Datelike;
    format!("{:02}{:02}{:02}-{:09}{:06}", date.year() % 100, date.month(), date.day(), 350_000_000 + seq * 7, seq)
}

fn generate_day(seed: u64, rows_per_day: u32, day: BizDay, skus: &[Sku], rows: &mut Vec<PddRow>) {
    use chrono::Datelike;
    let serial = day.date().num_days_from_ce() as u64;
    let mut rng = Rng::derive(seed, serial + 1);
    let wanted = (f64::from(rows_per_day) * (0.9 + 0.2 * rng.unit())) as i64;
    let hour_total: f64 = HOUR_WEIGHTS.iter().sum();
    for seq in 0..wanted {
        let mut roll = rng.unit() * hour_total;
        let hour = HOUR_WEIGHTS.iter().position(|w| {
            roll -= w;
            roll < 0.0
        });
        let created = day.start() + hour.unwrap_or(23) as i64 * 3600 + rng.range(0, 3600);
        let (steps, no_commission) = life(&mut rng, created);
        rows.push(PddRow {
            order_sn: order_sn(day, seq),
            sku: catalog::pick_sku(&mut rng, skus) as u32,
            quantity: if rng.chance(0.75) { 1 } else { rng.range(2, 4) as u8 },
            place: rng.skewed(PLACES, 1.5) as u16,
            person: if rng.chance(0.9) { rng.skewed(PERSONS, 1.2) as u32 } else { NO_PERSON },
            created,
            no_commission,
            service_fee_permille: if rng.chance(0.3) { 100 } else { 0 },
            subsidy_fen: if rng.chance(0.1) { rng.range(50, 500) } else { 0 },
            money_as_text: rng.chance(0.05),
            steps,
        });
    }
}

/// A life from `created`: mostly paid, grouped within the hour, received
/// in days, audited 15 days later and settled on the 20th by the rule (A6);
/// some sent back (4), punished (10), never paid (-1), of goods without
/// commission (8) or in a status no document names (7).
fn life(rng: &mut Rng, created: EpochSecs) -> ([Option<Step>; MAX_STEPS], bool) {
    use status::*;
    let mut steps = [None; MAX_STEPS];
    let mut put = |i: usize, at: EpochSecs, status: i64| steps[i] = Some(Step { at, status });
    let paid = created + rng.range(5, 120);
    let grouped = paid + rng.range(60, 3_600);
    let received = grouped + rng.range(2 * DAY, 7 * DAY);
    let roll = rng.unit();
    if roll < 0.02 {
        put(0, created, UNPAID);
        return (steps, false);
    }
    put(0, paid, PAID);
    if roll < 0.04 {
        put(1, paid + rng.range(3_600, DAY), NO_COMMISSION);
        return (steps, true);
    }
    put(1, grouped, GROUPED);
    match roll {
        r if r < 0.05 => put(2, received, UNDOCUMENTED),
        r if r < 0.09 => put(2, grouped + rng.range(DAY, 3 * DAY), AUDIT_FAILED),
        _ => {
            put(2, received, RECEIVED);
            match roll {
                r if r < 0.14 => put(3, received + rng.range(DAY, 14 * DAY), AUDIT_FAILED),
                r if r < 0.16 => put(3, received + rng.range(3 * DAY, 20 * DAY), PUNISHED),
                _ => {
                    let audited = received + AUDIT_AFTER_RECEIPT_DAYS * DAY + rng.range(0, 6 * 3_600);
                    put(3, audited, AUDITED);
                    let settled = pay_day_for_audit(BizDay::of(audited)).start() + SETTLE_HOUR * 3_600;
                    put(4, settled + rng.range(0, 3_600), SETTLED);
                }
            }
        }
    }
    (steps, false)
}

fn exact_hours(day: BizDay, counts: &[u32], rows: &mut Vec<PddRow>) {
    let mut seq = 0i64;
    for hour in 0..24 {
        let hour_start = day.start() + hour * 3_600;
        let count = counts.get(((hour_start / 3_600) as usize) % counts.len().max(1)).copied().unwrap_or(0);
        for i in 0..i64::from(count) {
            let at = hour_start + i * 3_600 / i64::from(count);
            let mut steps = [None; MAX_STEPS];
            steps[0] = Some(Step { at, status: status::PAID });
            rows.push(PddRow {
                order_sn: order_sn(day, seq),
                sku: (seq % 7) as u32,
                quantity: 1,
                place: (seq % PLACES as i64) as u16,
                person: (seq % PERSONS as i64) as u32,
                created: at,
                no_commission: false,
                service_fee_permille: 0,
                subsidy_fen: 0,
                money_as_text: false,
                steps,
            });
            seq += 1;
        }
    }
}
