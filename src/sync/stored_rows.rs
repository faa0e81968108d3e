//! Reading back what the sync writer stored of a row: the row itself and
//! its settlement days.

use crate::model::{BizDay, Money, RowId, Settlement, ORDER_ROW_COLUMNS};
use rusqlite::{params, Transaction};

/// Reads one stored row by id.
pub(crate) fn select_existing_sql() -> String {
    format!("SELECT {} FROM order_rows WHERE id = ?1", ORDER_ROW_COLUMNS.join(", "))
}

/// Settlement days read back for one row: one more than the reader
/// accepts is enough to tell the stored days from the incoming ones.
const MAX_STORED_SETTLEMENTS: i64 = crate::platform::jd::bounds::MAX_SETTLEMENTS as i64 + 1;

pub(super) fn stored_settlements(tx: &Transaction<'_>, row: RowId) -> Result<Option<Vec<Settlement>>, rusqlite::Error> {
    let mut select = tx.prepare_cached(
        "SELECT settle_day, fee_fen FROM order_row_settlements WHERE row_id = ?1 ORDER BY settle_day LIMIT ?2",
    )?;
    let settlements = select
        .query_map(params![row, MAX_STORED_SETTLEMENTS], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Money>(1)?)))?
        .map(|entry| entry.map(|(day, fee)| BizDay::from_int(day).map(|day| Settlement { day, fee })))
        .collect::<Result<Option<Vec<_>>, _>>()?;
    // A stored day this version cannot read counts as nothing stored, so
    // the row's settlements are written again.
    Ok(settlements.filter(|s| !s.is_empty()))
}
