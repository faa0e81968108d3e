//! `GET /admin/summary`: totals over every row the API can return right
//! now, with the same meaning as the local `stats --json`.

use super::dataset::{Dataset, NO_MEMBER};
use super::gateway::HORIZON_SECS;
use crate::model::EpochSecs;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub rows: u64,
    pub orders: u64,
    pub positions: u64,
    pub sub_union_ids: u64,
    pub estimate_fee_fen: i64,
    pub actual_fee_fen: i64,
    pub rows_by_valid_code: BTreeMap<String, u64>,
}

pub fn summarize(dataset: &Dataset, now: EpochSecs) -> Summary {
    summarize_except(dataset, now, &HashSet::new())
}

/// The same totals leaving out the rows `except` names by id (rows a
/// client set aside as unreadable, in the fault harness).
pub fn summarize_except(dataset: &Dataset, now: EpochSecs, except: &HashSet<i64>) -> Summary {
    let mut summary = Summary::default();
    let mut orders = HashSet::new();
    let mut positions = HashSet::new();
    let mut members = HashSet::new();
    for row in dataset.rows.iter().filter(|row| !except.contains(&row.id)) {
        let Some(state) = dataset.state_at(row, now) else {
            continue;
        };
        if state.modify_time < now - HORIZON_SECS {
            continue;
        }
        summary.rows += 1;
        orders.insert(row.order_id);
        positions.insert(row.position);
        if row.member != NO_MEMBER {
            members.insert(row.member);
        }
        summary.estimate_fee_fen += state.estimate_fee_fen;
        summary.actual_fee_fen += state.actual_fee_fen;
        *summary.rows_by_valid_code.entry(state.valid_code.to_string()).or_default() += 1;
    }
    summary.orders = orders.len() as u64;
    summary.positions = positions.len() as u64;
    summary.sub_union_ids = members.len() as u64;
    summary
}
