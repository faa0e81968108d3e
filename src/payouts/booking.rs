//! Booking a month: per order row, what the platform has settled to her
//! through the month's last day minus what earlier months already booked,
//! shared out by the plan. Rows settled for the first time become
//! commission (and upline share) lines; a row whose settled amount fell (a
//! refund or invalidation after settlement) becomes reversal lines at the
//! rate and to the partner of its original lines.
//!
//! Rounding: each line is rounded half-up in fen on its own; her share is
//! what is left, so per row the partners' lines plus hers equal exactly
//! what the platform settled.

use super::plan::{Plan, Plans, WHOLE};
use crate::model::{BizDay, BizMonth, EpochSecs, LedgerKind, PartnerId, PartnerRole, RatePct, RowId};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// What booking a month would write.
#[derive(Debug, Clone)]
pub struct Booking {
    pub month: BizMonth,
    pub through: BizDay,
    /// Per row, the platform money booked into this month (signed fen).
    pub basis: Vec<(RowId, i64)>,
    pub lines: Vec<NewLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub partner: PartnerId,
    pub kind: LedgerKind,
    pub amount: i64,
    pub row: RowId,
    pub basis: i64,
    pub plan: i64,
    pub rate: RatePct,
    pub reverses: Option<i64>,
}

impl Booking {
    pub fn settled(&self) -> i64 {
        self.basis.iter().map(|(_, fee)| fee).sum()
    }

    pub fn partners(&self) -> i64 {
        self.lines.iter().map(|l| l.amount).sum()
    }
}

/// Which platform money a booking takes.
#[derive(Debug, Clone, Copy)]
pub enum Span {
    /// The ledger: settled through `through` minus what closed months
    /// booked, for rows settled since the ledger's first day.
    SinceBooked { ledger_from: BizDay },
    /// A preview: what the platform settled from `from` through `through`,
    /// as if nothing had been booked.
    Settled { from: BizDay },
}

/// `share` of `basis`, rounded half-up in fen on the magnitude, so a full
/// reversal is exactly the negative of its original line.
pub fn share(basis: i64, rate: RatePct) -> i64 {
    let magnitude =
        (i128::from(basis.unsigned_abs()) * i128::from(rate.hundredths()) + i128::from(WHOLE / 2)) / i128::from(WHOLE);
    // A share is at most its basis (rates are at most 100 %), which fits.
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    if basis < 0 {
        -magnitude
    } else {
        magnitude
    }
}

#[derive(sqlx::FromRow)]
struct SettledRow {
    #[sqlx(rename = "row_id")]
    row: RowId,
    order_day: BizDay,
    order_time: EpochSecs,
    partner: Option<PartnerId>,
    delta: i64,
    booked: i64,
}

pub async fn book(
    conn: &mut SqliteConnection,
    plans: &Plans,
    month: BizMonth,
    through: BizDay,
    span: Span,
) -> Result<Booking, sqlx::Error> {
    let rows = settled_rows(conn, through, span).await?;
    let team = Team::load(conn).await?;
    let mut booking = Booking { month, through, basis: Vec::new(), lines: Vec::new() };
    for row in rows {
        booking.basis.push((row.row, row.delta));
        let Some(partner) = row.partner else { continue };
        let earlier = if row.booked != 0 { earlier_lines(conn, row.row).await? } else { Vec::new() };
        if !earlier.is_empty() {
            booking.lines.extend(follow_up_lines(&row, &earlier));
        } else if row.delta > 0 {
            // Money taken back from a row that paid no one stays hers: a
            // partner is never charged for a commission she was not given.
            if let Some(plan) = plans.for_day(row.order_day) {
                booking.lines.extend(fresh_lines(&row, partner, plan, &team));
            }
        }
    }
    Ok(booking)
}

/// A partner's own share of a row once `basis` of it is settled.
fn own_total(basis: i64, own: RatePct) -> i64 {
    share(basis, own)
}

/// The upline's share of a row once `basis` of it is settled: never more
/// than what the seller's own share leaves.
fn override_total(basis: i64, own: RatePct, over: RatePct) -> i64 {
    let room = basis.abs() - own_total(basis, own).abs();
    share(basis, over).abs().min(room) * basis.signum()
}

/// A line's amount when a row's settled amount moves from `booked` by
/// `delta`: the difference of the row's totals, so however many refunds
/// follow, the row's lines add up to the share of what stays settled.
fn step(booked: i64, delta: i64, total: impl Fn(i64) -> i64) -> i64 {
    total(booked + delta) - total(booked)
}

/// The lines of a row that pays someone for the first time: hers by the
/// plan of the order's day, and the upline's share if the plan has one, to
/// the upline she had when she ordered, and only when that upline is one of
/// her own partners (a pay relationship never reaches a fourth level).
fn fresh_lines(row: &SettledRow, partner: PartnerId, plan: &Plan, team: &Team) -> Vec<NewLine> {
    let own_rate = plan.own_rate_for(partner, team.role(partner));
    let line = |partner, kind, amount, rate| NewLine {
        partner,
        kind,
        amount,
        row: row.row,
        basis: row.delta,
        plan: plan.version,
        rate,
        reverses: None,
    };
    let own = step(row.booked, row.delta, |b| own_total(b, own_rate));
    let mut lines = vec![line(partner, LedgerKind::Commission, own, own_rate)];
    let upline = team.parent_at(partner, row.order_time).filter(|up| team.parent_at(*up, row.order_time).is_none());
    if let (Some(rate), Some(upline)) = (plan.override_rate, upline) {
        let amount = step(row.booked, row.delta, |b| override_total(b, own_rate, rate));
        lines.push(line(upline, LedgerKind::Override, amount, rate));
    }
    lines.retain(|l| l.amount != 0);
    lines
}

/// A row that paid before and whose settled amount moved again: each
/// earlier line follows, at its own rate and to its own partner; money
/// taken back is a reversal naming the line it reverses.
fn follow_up_lines(row: &SettledRow, earlier: &[EarlierLine]) -> Vec<NewLine> {
    let own_rate = earlier
        .iter()
        .find(|l| l.kind == LedgerKind::Commission)
        .map(|l| l.rate)
        .unwrap_or(RatePct::from_hundredths(0));
    earlier
        .iter()
        .map(|line| {
            let amount = match line.kind {
                LedgerKind::Override => step(row.booked, row.delta, |b| override_total(b, own_rate, line.rate)),
                _ => step(row.booked, row.delta, |b| own_total(b, line.rate)),
            };
            NewLine {
                partner: line.partner,
                kind: if row.delta > 0 { line.kind } else { LedgerKind::Reversal },
                amount,
                row: row.row,
                basis: row.delta,
                plan: line.plan,
                rate: line.rate,
                reverses: (row.delta < 0).then_some(line.id),
            }
        })
        .filter(|l| l.amount != 0)
        .collect()
}

async fn settled_rows(
    conn: &mut SqliteConnection,
    through: BizDay,
    span: Span,
) -> Result<Vec<SettledRow>, sqlx::Error> {
    let rows: Vec<SettledRow> = match span {
        Span::SinceBooked { ledger_from } => {
            // Rows settled since the ledger began, and any row booked before
            // whose settlement day has since moved or gone (an invalidation
            // after settlement): what it still has settled is then its
            // settlement days', else nothing.
            sqlx::query_as(
                "SELECT * FROM (
                     SELECT r.id AS row_id, r.order_day, r.order_time, r.partner_id AS partner,
                         COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements s
                                   WHERE s.row_id = r.id AND s.settle_day <= ?2),
                                  CASE WHEN r.pay_month BETWEEN ?1 AND ?2 THEN r.actual_fee_fen ELSE 0 END)
                         - COALESCE((SELECT SUM(b.fee_fen) FROM payout_basis b WHERE b.row_id = r.id), 0) AS delta,
                         COALESCE((SELECT SUM(b.fee_fen) FROM payout_basis b WHERE b.row_id = r.id), 0) AS booked
                     FROM order_rows r
                     WHERE r.id IN (SELECT id FROM order_rows WHERE pay_month BETWEEN ?1 AND ?2
                                    UNION SELECT row_id FROM payout_basis))
                 WHERE delta <> 0
                 ORDER BY row_id",
            )
            .bind(ledger_from)
            .bind(through)
            .fetch_all(&mut *conn)
            .await?
        }
        Span::Settled { from } => {
            sqlx::query_as(
                "SELECT * FROM (
                     SELECT r.id AS row_id, r.order_day, r.order_time, r.partner_id AS partner,
                         COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements s
                                   WHERE s.row_id = r.id AND s.settle_day <= ?2), r.actual_fee_fen)
                         - COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements s
                                   WHERE s.row_id = r.id AND s.settle_day < ?1),
                                    CASE WHEN r.pay_month < ?1 THEN r.actual_fee_fen ELSE 0 END) AS delta,
                         0 AS booked
                     FROM order_rows r
                     WHERE r.pay_month <= ?2
                       AND (r.pay_month >= ?1
                            OR r.id IN (SELECT row_id FROM order_row_settlements WHERE settle_day BETWEEN ?1 AND ?2)))
                 WHERE delta <> 0
                 ORDER BY row_id",
            )
            .bind(from)
            .bind(through)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    Ok(rows)
}

#[derive(sqlx::FromRow)]
struct EarlierLine {
    id: i64,
    partner: PartnerId,
    kind: LedgerKind,
    plan: i64,
    rate: RatePct,
}

/// The first commission line of a row and its first upline share, the
/// lines every later change of the row follows.
async fn earlier_lines(conn: &mut SqliteConnection, row: RowId) -> Result<Vec<EarlierLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT MIN(id) AS id, partner_id AS partner, kind, plan_id AS plan, rate FROM payout_lines
         WHERE row_id = ?1 AND kind IN ('commission', 'override')
         GROUP BY kind ORDER BY kind",
    )
    .bind(row)
    .fetch_all(&mut *conn)
    .await
}

#[derive(sqlx::FromRow)]
struct PartnerRow {
    id: PartnerId,
    parent_id: Option<PartnerId>,
    role: PartnerRole,
}

#[derive(sqlx::FromRow)]
struct MoveRow {
    partner_id: PartnerId,
    moved_at: EpochSecs,
    old_parent_id: Option<PartnerId>,
}

/// Every partner's role and parent, and the moves that changed parents, so
/// an upline share follows the tree as it was when the order was placed.
struct Team {
    partners: HashMap<PartnerId, (Option<PartnerId>, PartnerRole)>,
    moves: HashMap<PartnerId, Vec<(EpochSecs, Option<PartnerId>)>>,
}

impl Team {
    async fn load(conn: &mut SqliteConnection) -> Result<Team, sqlx::Error> {
        let partners: Vec<PartnerRow> =
            sqlx::query_as("SELECT id, parent_id, role FROM partners").fetch_all(&mut *conn).await?;
        let moves: Vec<MoveRow> = sqlx::query_as(
            "SELECT partner_id, moved_at, old_parent_id FROM partner_moves ORDER BY partner_id, moved_at, id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut by_partner: HashMap<PartnerId, Vec<(EpochSecs, Option<PartnerId>)>> = HashMap::new();
        for step in moves {
            by_partner.entry(step.partner_id).or_default().push((step.moved_at, step.old_parent_id));
        }
        Ok(Team { partners: partners.into_iter().map(|p| (p.id, (p.parent_id, p.role))).collect(), moves: by_partner })
    }

    fn role(&self, partner: PartnerId) -> Option<PartnerRole> {
        self.partners.get(&partner).map(|(_, role)| *role)
    }

    /// Her parent at `at`: the old parent of her first move after `at`, or
    /// today's parent if she has not moved since.
    fn parent_at(&self, partner: PartnerId, at: EpochSecs) -> Option<PartnerId> {
        let later_move = self.moves.get(&partner).and_then(|moves| moves.iter().find(|(moved_at, _)| *moved_at > at));
        match later_move {
            Some((_, old_parent)) => *old_parent,
            None => self.partners.get(&partner).and_then(|(parent, _)| *parent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_up_on_the_magnitude() {
        let half = RatePct::from_hundredths(5_000);
        assert_eq!(share(101, half), 51);
        assert_eq!(share(-101, half), -51);
        assert_eq!(share(1, half), 1);
        assert_eq!(share(1, RatePct::from_hundredths(4_999)), 0);
        assert_eq!(share(10_000, RatePct::from_hundredths(WHOLE)), 10_000);
        assert_eq!(share(0, half), 0);
    }
}
