//! Closing a month: its lines and totals are written once, with a hash of
//! them, and never change again; what the platform changes later lands in
//! the next open month. Months close in order, each once the platform has
//! settled it (the 20th) and the plan's holding days have passed.

use super::audit;
use super::booking::{self, Span};
use super::plan::{self, Plans};
use crate::model::{BizDay, BizMonth, EpochSecs, FormError, Message, Money, PayoutActor};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

/// Where the ledger stands: the months closed and the one to close next.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LedgerMonths {
    pub has_plan: bool,
    /// `yyyy-MM`, newest first.
    pub closed: Vec<String>,
    pub open: Option<OpenMonth>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct OpenMonth {
    pub month: String,
    pub closable_from: BizDay,
    pub can_close: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CloseOutcome {
    pub month: String,
    /// It was closed before: nothing changed.
    pub already_closed: bool,
    pub settled: Money,
    pub partners: Money,
    pub hers: Money,
    pub lines: u32,
    pub hash: String,
}

/// The month to close next: the one after the last closed, or the plan's
/// first month.
pub async fn first_open(conn: &mut SqliteConnection, plans: &Plans) -> Result<Option<BizMonth>, sqlx::Error> {
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(month) FROM payout_months").fetch_one(&mut *conn).await?;
    Ok(match last.and_then(BizMonth::from_int) {
        Some(closed) => Some(closed.next()),
        None => plans.first_month(),
    })
}

pub async fn is_closed(conn: &mut SqliteConnection, month: BizMonth) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT month FROM payout_months WHERE month = ?1")
        .bind(month.as_int())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

pub async fn months(pool: &SqlitePool, today: BizDay) -> Result<LedgerMonths, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let plans = plan::load(&mut conn).await?;
    let closed: Vec<i64> =
        sqlx::query_scalar("SELECT month FROM payout_months ORDER BY month DESC").fetch_all(&mut *conn).await?;
    let open = first_open(&mut conn, &plans).await?.zip(plans.latest()).map(|(month, plan)| {
        let closable_from = plan.closable_from(month);
        OpenMonth { month: month.to_string(), closable_from, can_close: today >= closable_from }
    });
    Ok(LedgerMonths {
        has_plan: !plans.is_empty(),
        closed: closed.into_iter().filter_map(BizMonth::from_int).map(|m| m.to_string()).collect(),
        open,
    })
}

/// The booking a draft month would write if closed today.
pub async fn draft_booking(
    conn: &mut SqliteConnection,
    plans: &Plans,
    month: BizMonth,
    today: BizDay,
) -> Result<booking::Booking, sqlx::Error> {
    let through = month.last_day().min(today);
    let ledger_from = plans.first_month().map(BizMonth::first_day).unwrap_or(month.first_day());
    booking::book(conn, plans, month, through, Span::SinceBooked { ledger_from }).await
}

pub async fn close(
    pool: &SqlitePool,
    month: BizMonth,
    today: BizDay,
    now: EpochSecs,
    actor: PayoutActor,
) -> Result<CloseOutcome, FormError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let plans = plan::load(&mut tx).await?;
    let Some(plan) = plans.latest() else {
        return Err(FormError::invalid("month", Message::new("payout.close.noPlan")));
    };
    if let Some(outcome) = closed_before(&mut tx, month).await? {
        return Ok(outcome);
    }
    let first_open = first_open(&mut tx, &plans).await?.unwrap_or(month);
    if month < first_open {
        return Err(FormError::invalid("month", Message::new("payout.close.beforePlan").with("first", first_open)));
    }
    if month > first_open {
        return Err(FormError::invalid("month", Message::new("payout.close.earlierOpen").with("open", first_open)));
    }
    let closable_from = plan.closable_from(month);
    if today < closable_from {
        return Err(FormError::invalid(
            "month",
            Message::new("payout.close.notSettled").with("month", month).with("from", closable_from),
        ));
    }
    let booking = draft_booking(&mut tx, &plans, month, today).await?;
    write_lines(&mut tx, month, &booking.lines, now).await?;
    let settled = booking.settled();
    let partners: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(amount_fen), 0) FROM payout_lines WHERE month = ?1")
        .bind(month.as_int())
        .fetch_one(&mut *tx)
        .await?;
    let totals = Totals { through: booking.through, settled, partners, hers: settled - partners };
    let hash = month_hash(&mut tx, month, &totals, &booking.basis).await?;
    sqlx::query(
        "INSERT INTO payout_months (month, closed_at, through_day, settled_fen, partners_fen, hers_fen, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(month.as_int())
    .bind(now)
    .bind(totals.through)
    .bind(settled)
    .bind(partners)
    .bind(totals.hers)
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    write_basis(&mut tx, month, &booking.basis).await?;
    let detail = serde_json::json!({
        "through": totals.through.as_int(), "settled_fen": settled, "partners_fen": partners,
        "hers_fen": totals.hers, "lines": booking.lines.len(), "hash": hash,
    });
    audit::record(&mut tx, actor, now, audit::Action::Close, Some(month), &detail).await?;
    tx.commit().await?;
    Ok(CloseOutcome {
        month: month.to_string(),
        already_closed: false,
        settled: Money::from_fen(settled),
        partners: Money::from_fen(partners),
        hers: Money::from_fen(totals.hers),
        lines: u32::try_from(booking.lines.len()).unwrap_or(u32::MAX),
        hash,
    })
}

/// Rows one INSERT writes: a big team's month has hundreds of thousands of
/// lines, and a statement per line spent minutes on the round trips
/// (`docs/BENCHMARKS.md`); a thousand rows of ten values stays far within
/// SQLite's 32,766 bound parameters. Rows keep their order, and so the ids
/// the month's hash reads them by.
const ROWS_A_STATEMENT: usize = 1_000;

/// `INSERT INTO {table} ({columns}) VALUES (…), …` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), vec![row; rows].join(", "))
}

const LINE_COLUMNS: [&str; 10] = [
    "month",
    "partner_id",
    "kind",
    "amount_fen",
    "row_id",
    "basis_fen",
    "plan_id",
    "rate",
    "reverses_line_id",
    "created_at",
];
const BASIS_COLUMNS: [&str; 3] = ["month", "row_id", "fee_fen"];

/// Every SQL text closing builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    // The full statement too, so a bigger batch or a wider row that passes
    // SQLite's bound-parameter limit fails the suite.
    vec![
        insert_sql("payout_lines", &LINE_COLUMNS, 2),
        insert_sql("payout_lines", &LINE_COLUMNS, ROWS_A_STATEMENT),
        insert_sql("payout_basis", &BASIS_COLUMNS, ROWS_A_STATEMENT),
    ]
}

async fn write_lines(
    conn: &mut SqliteConnection,
    month: BizMonth,
    lines: &[booking::NewLine],
    now: EpochSecs,
) -> Result<(), sqlx::Error> {
    for chunk in lines.chunks(ROWS_A_STATEMENT) {
        // Constant names and placeholders only; every value is bound.
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(insert_sql("payout_lines", &LINE_COLUMNS, chunk.len())));
        for line in chunk {
            insert = insert
                .bind(month.as_int())
                .bind(line.partner)
                .bind(line.kind)
                .bind(line.amount)
                .bind(line.row)
                .bind(line.basis)
                .bind(line.plan)
                .bind(line.rate)
                .bind(line.reverses)
                .bind(now);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn write_basis(
    conn: &mut SqliteConnection,
    month: BizMonth,
    basis: &[(crate::model::RowId, i64)],
) -> Result<(), sqlx::Error> {
    for chunk in basis.chunks(ROWS_A_STATEMENT) {
        // Constant names and placeholders only; every value is bound.
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(insert_sql("payout_basis", &BASIS_COLUMNS, chunk.len())));
        for (row, fee) in chunk {
            insert = insert.bind(month.as_int()).bind(*row).bind(*fee);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A closed month's stored totals and hash.
#[derive(sqlx::FromRow)]
struct ClosedMonth {
    month: i64,
    through_day: BizDay,
    settled_fen: i64,
    partners_fen: i64,
    hers_fen: i64,
    hash: String,
}

async fn closed_before(conn: &mut SqliteConnection, month: BizMonth) -> Result<Option<CloseOutcome>, sqlx::Error> {
    let row: Option<ClosedMonth> = sqlx::query_as(
        "SELECT month, through_day, settled_fen, partners_fen, hers_fen, hash FROM payout_months WHERE month = ?1",
    )
    .bind(month.as_int())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(ClosedMonth { settled_fen: settled, partners_fen: partners, hers_fen: hers, hash, .. }) = row else {
        return Ok(None);
    };
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payout_lines WHERE month = ?1 AND row_id IS NOT NULL")
        .bind(month.as_int())
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(CloseOutcome {
        month: month.to_string(),
        already_closed: true,
        settled: Money::from_fen(settled),
        partners: Money::from_fen(partners),
        hers: Money::from_fen(hers),
        lines: u32::try_from(lines).unwrap_or(u32::MAX),
        hash,
    }))
}

struct Totals {
    through: BizDay,
    settled: i64,
    partners: i64,
    hers: i64,
}

/// SHA-256 over the month's totals, every line of the month in id order
/// and every basis entry in row order: what closing froze.
async fn month_hash(
    conn: &mut SqliteConnection,
    month: BizMonth,
    totals: &Totals,
    basis: &[(crate::model::RowId, i64)],
) -> Result<String, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Line {
        id: i64,
        partner_id: i64,
        kind: String,
        amount_fen: i64,
        row_id: Option<i64>,
        basis_fen: Option<i64>,
        plan_id: Option<i64>,
        rate: Option<i64>,
        reverses_line_id: Option<i64>,
        reason: Option<String>,
    }
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT id, partner_id, kind, amount_fen, row_id, basis_fen, plan_id, rate, reverses_line_id, reason
         FROM payout_lines WHERE month = ?1 ORDER BY id",
    )
    .bind(month.as_int())
    .fetch_all(&mut *conn)
    .await?;
    let mut hasher = Sha256::new();
    hasher.update(format!(
        "{}|{}|{}|{}|{}\n",
        month.as_int(),
        totals.through.as_int(),
        totals.settled,
        totals.partners,
        totals.hers
    ));
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for line in lines {
        hasher.update(format!(
            "L|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n",
            line.id,
            line.partner_id,
            line.kind,
            line.amount_fen,
            opt(line.row_id),
            opt(line.basis_fen),
            opt(line.plan_id),
            opt(line.rate),
            opt(line.reverses_line_id),
            // JSON-quoted: a reason holding `|` cannot pass for other fields.
            serde_json::Value::from(line.reason.unwrap_or_default())
        ));
    }
    let mut basis = basis.to_vec();
    basis.sort_unstable();
    for (row, fee) in basis {
        hasher.update(format!("B|{row}|{fee}\n"));
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

#[derive(sqlx::FromRow)]
struct BasisRow {
    row_id: crate::model::RowId,
    fee_fen: i64,
}

/// One closed month's check: its stored hash against its lines now.
#[derive(Debug, Clone, Serialize)]
pub struct MonthCheck {
    pub month: String,
    pub ok: bool,
}

/// `tuanzhang check`: recomputes every closed month's hash.
pub async fn verify(pool: &SqlitePool) -> Result<Vec<MonthCheck>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let months: Vec<ClosedMonth> = sqlx::query_as(
        "SELECT month, through_day, settled_fen, partners_fen, hers_fen, hash FROM payout_months ORDER BY month",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut checks = Vec::with_capacity(months.len());
    for closed in months {
        let ClosedMonth {
            month: month_int,
            through_day: through,
            settled_fen: settled,
            partners_fen: partners,
            hers_fen: hers,
            hash: stored,
        } = closed;
        let Some(month) = BizMonth::from_int(month_int) else {
            checks.push(MonthCheck { month: month_int.to_string(), ok: false });
            continue;
        };
        let basis: Vec<(crate::model::RowId, i64)> =
            sqlx::query_as::<_, BasisRow>("SELECT row_id, fee_fen FROM payout_basis WHERE month = ?1")
                .bind(month_int)
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .map(|b| (b.row_id, b.fee_fen))
                .collect();
        let totals = Totals { through, settled, partners, hers };
        let hash = month_hash(&mut conn, month, &totals, &basis).await?;
        let basis_sum: i64 = basis.iter().map(|(_, fee)| fee).sum();
        checks.push(MonthCheck { month: month.to_string(), ok: hash == stored && basis_sum == settled });
    }
    Ok(checks)
}
