//! 淘宝联盟's punished orders in the sync writer: the newest word on each
//! trade, kept apart from its row (the risk radar reads them). `first_seen`
//! is when it was last seen to freeze; 总览's flag learns of a freeze from
//! the log a trigger keeps (migration 0033).

use crate::model::{EpochSecs, Punishment};
use rusqlite::{params, Transaction};

pub(super) fn keep(tx: &Transaction<'_>, punishments: &[Punishment], now: EpochSecs) -> Result<(), rusqlite::Error> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO order_row_punishments (row_id, trade_key, punish_status, violation_type, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (row_id) DO UPDATE SET trade_key = excluded.trade_key, punish_status = excluded.punish_status,
             violation_type = excluded.violation_type, last_seen = excluded.last_seen,
             first_seen = CASE WHEN order_row_punishments.punish_status = 1 AND excluded.punish_status <> 1
                               THEN excluded.last_seen ELSE order_row_punishments.first_seen END",
    )?;
    for p in punishments {
        upsert.execute(params![p.row, p.trade_key, p.status, p.violation, now])?;
    }
    Ok(())
}
