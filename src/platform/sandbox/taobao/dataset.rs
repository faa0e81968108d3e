//! 淘宝联盟's orders, generated from the seed on a stream of their own (so
//! the three sandboxes never make the same rows): every row's whole life is
//! decided up front, `tk_status` 12 → 14 → 3 (a few 11 first, some 13, a
//! few of a code this version does not know), `refund_tag` turning 1 on a
//! few rows after settlement, when a 维权 opens whose own life
//! (`taobao.tbk.order.refund.get`) is decided as well, and a few received
//! rows frozen for breaking the rules (`taobao.tbk.dg.punish.order.get`),
//! some unfrozen later; the virtual clock only decides how much of those
//! lives the API has seen yet.

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
/// Mixed in once more for the 维权, drawn per trade so that they leave the
/// rows' own stream (and so every row) as it was.
const DISPUTE_STREAM: u64 = 0x0000_D15B_07ED_0028;
/// Settled rows that get a 维权, and of those the ones that get a second.
const DISPUTED_SHARE: f64 = 0.03;
const TWICE_SHARE: f64 = 0.1;
/// Mixed in for the punishments, drawn per trade like the 维权 and for the same reason.
const PUNISH_STREAM: u64 = 0x0000_F0CE_0000_0028;
/// Received rows that are punished, and of those the ones unfrozen later.
const PUNISHED_SHARE: f64 = 0.005;
const UNFROZEN_SHARE: f64 = 1.0 / 3.0;
/// `punish_status` as the current documentation reads it.
pub const FROZEN: i64 = 0;
pub const UNFROZEN: i64 = 1;
/// A whole share of a row's income, in hundredths of a percent.
const WHOLE: i64 = 10_000;
/// Where trade numbers and 维权 numbers start.
const TRADE_BASE: i64 = 3_000_000_000_000_000_000;
const REFUND_SUIT_BASE: i64 = 4_000_000_000_000_000_000;
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
    /// The row's first 维权 opens after settlement: `refund_tag` turns 1
    /// (a second one changes nothing more on the order row).
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

    /// The estimate net of the platform's fee, as every platform's is: what
    /// a client reads as `pub_share_pre_fee − alimm_tech_service_pre_fee`.
    pub fn estimate_fen(&self) -> i64 {
        (self.pre_fee_fen - tech_service_pre_fee_fen(self.pre_fee_fen)).max(0)
    }
}

/// The platform's fee on an estimate (`alimm_tech_service_pre_fee`), rounded
/// half up to the fen, so the answer can send it with two decimals at most.
pub fn tech_service_pre_fee_fen(pre_fee_fen: i64) -> i64 {
    (pre_fee_fen.max(0) * ALIMAMA_RATE + WHOLE / 2) / WHOLE
}

/// A 维权 on a settled row, as `taobao.tbk.order.refund.get` shows it; its
/// whole life is decided up front like the row's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dispute {
    /// Its row's index in `TaobaoDataset::rows`.
    pub row: u32,
    pub refund_suit_id: i64,
    /// 维权创建 (4), `tk_refund_time`.
    pub opened: EpochSecs,
    pub outcome: Outcome,
    /// What it takes of the row's income, in hundredths of a percent; a
    /// row's 维权 together never take more than the whole.
    pub share: i64,
}

/// How a 维权 ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Taken back from her, the money being paid out already: 12 (等待扣款)
    /// at `pending`, 13 (扣款成功) at `done`.
    FromPromoter { pending: EpochSecs, done: EpochSecs },
    /// 维权失败 (3): nothing is taken.
    Failed(EpochSecs),
    /// Taken from the seller instead: 14 at `pending`, 15 at `done`.
    FromSeller { pending: EpochSecs, done: EpochSecs },
}

/// What the refund API shows of a 维权 at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeState {
    pub refund_status: i64,
    pub refund_time: EpochSecs,
    /// 维权完成, when it left 4; `None` before.
    pub suit_time: Option<EpochSecs>,
    /// Its latest change.
    pub modified_time: EpochSecs,
}

impl DisputeState {
    /// Whether its amount is taken from her: 12 and 13 only.
    pub fn takes_from_promoter(&self) -> bool {
        matches!(self.refund_status, 12 | 13)
    }
}

/// A 维权's amounts against its row's settled state, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundAmounts {
    /// `tb_trade_finish_price`: the row's settled amount.
    pub finish_price: i64,
    /// `refund_fee`: what the buyer got back.
    pub refund: i64,
    /// `pub_share_fee`: the row's settled income before the platform's fee.
    pub pub_share: i64,
    /// `tk_commission_fee_refund`: her part, without the platform's fee.
    pub commission: i64,
    /// `tk_commission_alimm_refund_fee`: the platform's fee on that part.
    pub commission_alimm: i64,
    /// `show_return_fee`: every part together.
    pub shown: i64,
}

impl Dispute {
    /// What it shows at `now`, or `None` before it opens. Changes at `now`
    /// itself are not visible yet, as the rows' are not.
    pub fn state_at(&self, now: EpochSecs) -> Option<DisputeState> {
        let mut state: Option<DisputeState> = None;
        for (at, status) in self.steps().into_iter().flatten().filter(|(at, _)| *at < now) {
            let shown = state.get_or_insert(DisputeState {
                refund_status: status,
                refund_time: at,
                suit_time: None,
                modified_time: at,
            });
            shown.refund_status = status;
            shown.modified_time = at;
            if status != 4 && shown.suit_time.is_none() {
                shown.suit_time = Some(at);
            }
        }
        state
    }

    /// When its last change comes.
    pub fn ends(&self) -> EpochSecs {
        self.steps().into_iter().flatten().map(|(at, _)| at).max().unwrap_or(self.opened)
    }

    fn steps(&self) -> [Option<(EpochSecs, i64)>; 3] {
        let opened = Some((self.opened, 4));
        match self.outcome {
            Outcome::FromPromoter { pending, done } => [opened, Some((pending, 12)), Some((done, 13))],
            Outcome::Failed(at) => [opened, Some((at, 3)), None],
            Outcome::FromSeller { pending, done } => [opened, Some((pending, 14)), Some((done, 15))],
        }
    }

    /// Its amounts, its share of each of the row's (`row` being the row's
    /// settled state): her part never exceeds her income.
    pub fn amounts(&self, row: &TbState) -> RefundAmounts {
        let part = |fen: i64| fen * self.share / WHOLE;
        let commission = part(row.income_fen());
        let commission_alimm = part(row.alimama_fen);
        RefundAmounts {
            finish_price: row.pay_price_fen,
            refund: part(row.pay_price_fen),
            pub_share: row.fee_fen,
            commission,
            commission_alimm,
            shown: commission + commission_alimm,
        }
    }
}

/// A trade frozen for breaking the platform's rules, as
/// `taobao.tbk.dg.punish.order.get` shows it; its life is decided up front.
/// The order row itself is left as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Penalty {
    /// Its row's index in `TaobaoDataset::rows`.
    pub row: u32,
    pub frozen: EpochSecs,
    pub unfrozen: Option<EpochSecs>,
    /// `violation_type`: 1 店铺淘宝客, 2 订单虚假交易.
    pub violation: i64,
}

impl Penalty {
    /// `punish_status` at `now`, or `None` before it froze. Changes at
    /// `now` itself are not visible yet, as the rows' are not.
    pub fn status_at(&self, now: EpochSecs) -> Option<i64> {
        if self.frozen >= now {
            None
        } else if self.unfrozen.is_some_and(|at| at < now) {
            Some(UNFROZEN)
        } else {
            Some(FROZEN)
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
    /// Every 维权, in row order and then by opening.
    pub disputes: Vec<Dispute>,
    /// Every punishment, in row order.
    pub penalties: Vec<Penalty>,
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
        let mut dataset = TaobaoDataset {
            items,
            adzones,
            relations,
            specials,
            rows: Vec::new(),
            events: Vec::new(),
            disputes: Vec::new(),
            penalties: Vec::new(),
        };
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
                let mut events = life(&mut rng, created);
                let numbers = rng.chance(0.05);
                let trade_id = parent_id + line + 1;
                self.add_disputes(seed, trade_id, &mut events);
                self.add_penalty(seed, trade_id, &events);
                self.rows.push(TbRow { trade_id, parent_id, item, item_num, adzone, person, numbers, events });
                rows += 1;
            }
        }
    }

    /// The 维权 of the row about to be pushed, if it settles: about 3% of
    /// settled rows are disputed 3–30 days after settlement (the order row's
    /// `Disputed` event), a tenth of those a second time after the first
    /// ended. Most are taken back from her (12 one to three days after
    /// opening, 13 one to five days later), a few fail (3) or are taken
    /// from the seller (14, 15). Each takes the whole of what is left of the
    /// row's income or about half of it.
    fn add_disputes(&mut self, seed: u64, trade_id: i64, events: &mut [Option<Event>; 5]) {
        let Some(settled) = events.iter().flatten().find(|e| e.kind == EventKind::Settled).map(|e| e.at) else {
            return;
        };
        let mut rng = Rng::derive(seed ^ DISPUTE_STREAM, trade_id as u64);
        if !rng.chance(DISPUTED_SHARE) {
            return;
        }
        let row = self.rows.len() as u32;
        let opened = settled + rng.range(3 * DAY, 30 * DAY);
        // A settled life fills four slots at most, so the fifth is free.
        if let Some(free) = events.iter_mut().find(|slot| slot.is_none()) {
            *free = Some(Event { at: opened, kind: EventKind::Disputed });
        }
        let twice = rng.chance(TWICE_SHARE);
        let share = if twice { about_half(&mut rng, WHOLE) } else { whole_or_half(&mut rng, WHOLE) };
        let first = dispute(&mut rng, row, refund_suit_id(trade_id, 0), opened, share);
        self.disputes.push(first);
        if twice {
            let opened = first.ends() + rng.range(DAY, 10 * DAY);
            let share = whole_or_half(&mut rng, WHOLE - share);
            self.disputes.push(dispute(&mut rng, row, refund_suit_id(trade_id, 1), opened, share));
        }
    }

    /// The punishment of the row about to be pushed, if it is received:
    /// about 0.5% of received rows are frozen an hour to 15 days after
    /// receipt, a third of those unfrozen 3–30 days later.
    fn add_penalty(&mut self, seed: u64, trade_id: i64, events: &[Option<Event>; 5]) {
        let Some(received) = events.iter().flatten().find(|e| e.kind == EventKind::Received).map(|e| e.at) else {
            return;
        };
        let mut rng = Rng::derive(seed ^ PUNISH_STREAM, trade_id as u64);
        if !rng.chance(PUNISHED_SHARE) {
            return;
        }
        let frozen = received + rng.range(3600, 15 * DAY);
        let unfrozen = rng.chance(UNFROZEN_SHARE).then(|| frozen + rng.range(3 * DAY, 30 * DAY));
        let violation = if rng.chance(0.5) { 1 } else { 2 };
        self.penalties.push(Penalty { row: self.rows.len() as u32, frozen, unfrozen, violation });
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

    /// The 维权 of the row at `index`.
    pub fn disputes_of(&self, index: u32) -> &[Dispute] {
        let from = self.disputes.partition_point(|d| d.row < index);
        let to = self.disputes.partition_point(|d| d.row <= index);
        &self.disputes[from..to]
    }

    /// What the 维权 of the row at `index` (whose state at `now` is `state`)
    /// take back from her at `now`: those in 12 or 13, at most her income.
    pub fn clawed_back_fen(&self, index: u32, state: &TbState, now: EpochSecs) -> i64 {
        let taken: i64 = self
            .disputes_of(index)
            .iter()
            .filter(|d| d.state_at(now).is_some_and(|s| s.takes_from_promoter()))
            .map(|d| d.amounts(state).commission)
            .sum();
        taken.min(state.income_fen())
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
    TRADE_BASE + serial * 10_000_000 + seq
}

/// A 19-digit 维权 number, the `nth` of its trade.
fn refund_suit_id(trade_id: i64, nth: i64) -> i64 {
    REFUND_SUIT_BASE + (trade_id - TRADE_BASE) * 10 + nth
}

/// One 维权's life from its opening.
fn dispute(rng: &mut Rng, row: u32, refund_suit_id: i64, opened: EpochSecs, share: i64) -> Dispute {
    let pending = opened + rng.range(DAY, 3 * DAY);
    let done = pending + rng.range(DAY, 5 * DAY);
    let outcome = match rng.unit() {
        u if u < 0.84 => Outcome::FromPromoter { pending, done },
        u if u < 0.92 => Outcome::Failed(opened + rng.range(DAY, 7 * DAY)),
        _ => Outcome::FromSeller { pending, done },
    };
    Dispute { row, refund_suit_id, opened, outcome, share }
}

/// All of `left` for about 70% of 维权, about half of it for the rest.
fn whole_or_half(rng: &mut Rng, left: i64) -> i64 {
    if rng.chance(0.7) {
        left
    } else {
        about_half(rng, left)
    }
}

fn about_half(rng: &mut Rng, of: i64) -> i64 {
    of * rng.range(40, 61) / 100
}

/// A row's whole future: about 3% placed unpaid first (of which some never
/// pay), 8% closed after payment, 0.3% in an unknown state, the rest
/// received 3–12 days after payment and settled up to 5 days later (the
/// 维权 of a settled row come from `TaobaoDataset::add_disputes`).
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
    const HOUR: EpochSecs = 3_600;

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

    /// Each 维权 opens on a settled row (turning it 维权单 then), and as the
    /// clock moves lives 4 → 12 → 13 (most), 4 → 3 or 4 → 14 → 15 (a few),
    /// `tk_refund_suit_time` set once it leaves 4 and `modified_time` its
    /// latest change; a few rows have two; together they never take more
    /// than the row's income, most the whole of it, the rest about half.
    #[test]
    fn disputes_live_from_opening_to_deduction_and_take_at_most_the_income() {
        let dataset = dataset(7);
        let mut lives = std::collections::BTreeMap::<Vec<i64>, usize>::new();
        let (mut disputed, mut settled, mut twice, mut whole, mut part) = (0, 0, 0, 0, 0);
        for (index, row) in dataset.rows.iter().enumerate() {
            let last = dataset.state_at(row, i64::MAX);
            settled += usize::from(last.as_ref().is_some_and(|s| s.earning_time.is_some()));
            let disputes = dataset.disputes_of(index as u32);
            let Some(first) = disputes.first() else { continue };
            let last = last.unwrap();
            disputed += 1;
            twice += usize::from(disputes.len() == 2);
            let (before, after) =
                (dataset.state_at(row, first.opened).unwrap(), dataset.state_at(row, first.opened + 1).unwrap());
            assert!(!before.refund_tag && after.refund_tag, "the first 维权 turns the row 维权单");
            assert_eq!((after.tk_status, after.modified_time), (3, first.opened));
            let mut taken = 0;
            for dispute in disputes {
                assert!(dispute.state_at(dispute.opened).is_none());
                let mut statuses: Vec<i64> = Vec::new();
                let mut at = dispute.opened + 1;
                while at <= dispute.ends() + HOUR {
                    let shown = dispute.state_at(at).unwrap();
                    assert_eq!(shown.refund_time, dispute.opened);
                    assert!(shown.modified_time < at && shown.modified_time >= dispute.opened);
                    assert_eq!(shown.suit_time.is_some(), shown.refund_status != 4, "{shown:?}");
                    if statuses.last() != Some(&shown.refund_status) {
                        assert!(shown.modified_time > at - HOUR, "modified moves with each change");
                        statuses.push(shown.refund_status);
                    }
                    at += HOUR;
                }
                *lives.entry(statuses).or_default() += 1;
                let amounts = dispute.amounts(&last);
                assert_eq!(amounts.shown, amounts.commission + amounts.commission_alimm);
                if dispute.share == WHOLE {
                    assert_eq!(amounts.commission, last.income_fen());
                    whole += 1;
                } else if disputes.len() == 1 {
                    assert!((4_000..=6_000).contains(&dispute.share), "about half: {}", dispute.share);
                    part += 1;
                }
                taken += amounts.commission;
            }
            assert!(taken <= last.income_fen(), "{taken} of {}", last.income_fen());
        }
        assert_eq!(lives.keys().cloned().collect::<Vec<_>>(), vec![vec![4, 3], vec![4, 12, 13], vec![4, 14, 15]]);
        assert!(lives[&vec![4, 12, 13]] > 4 * (lives[&vec![4, 3]] + lives[&vec![4, 14, 15]]), "{lives:?}");
        let share = disputed as f64 / settled as f64;
        assert!((0.02..0.04).contains(&share), "{disputed} of {settled}");
        assert!(twice > 5 && twice * 5 < disputed, "{twice} of {disputed}");
        assert!(whole > 2 * part && part > 10, "{whole} whole, {part} about half");
    }

    /// About 0.5% of received rows are frozen after receipt, a third of
    /// those unfrozen days later, each for one of the two violations; a
    /// punishment shows nothing before it froze.
    #[test]
    fn a_few_received_rows_are_frozen_and_a_third_unfrozen_later() {
        let dataset = dataset(7);
        let received_at =
            |row: &TbRow| row.events.iter().flatten().find(|e| e.kind == EventKind::Received).map(|e| e.at);
        let received = dataset.rows.iter().filter(|r| received_at(r).is_some()).count();
        let share = dataset.penalties.len() as f64 / received as f64;
        assert!((0.003..0.008).contains(&share), "{} of {received}", dataset.penalties.len());
        let (mut unfrozen, mut violations) = (0, std::collections::BTreeSet::new());
        for penalty in &dataset.penalties {
            let received = received_at(&dataset.rows[penalty.row as usize]).unwrap();
            assert!(penalty.frozen > received && penalty.frozen <= received + 15 * DAY, "{penalty:?}");
            assert_eq!(penalty.status_at(received), None);
            assert_eq!(penalty.status_at(penalty.frozen), None, "not visible at the instant itself");
            assert_eq!(penalty.status_at(penalty.frozen + 1), Some(FROZEN));
            match penalty.unfrozen {
                Some(at) => {
                    assert!((penalty.frozen + 3 * DAY..penalty.frozen + 30 * DAY).contains(&at), "{penalty:?}");
                    assert_eq!((penalty.status_at(at), penalty.status_at(at + 1)), (Some(FROZEN), Some(UNFROZEN)));
                    unfrozen += 1;
                }
                None => assert_eq!(penalty.status_at(i64::MAX), Some(FROZEN)),
            }
            violations.insert(penalty.violation);
        }
        let rows: Vec<u32> = dataset.penalties.iter().map(|p| p.row).collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "one per row, in row order");
        let third = unfrozen as f64 / dataset.penalties.len() as f64;
        assert!((0.2..0.5).contains(&third), "{unfrozen} of {}", dataset.penalties.len());
        assert_eq!(violations.into_iter().collect::<Vec<_>>(), [1, 2]);
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
