//! Chinese search over the library: titles, bodies, tags and folder names,
//! one- and two-character words as well as phrases, Latin and digits, and
//! pinyin initials of titles; best matches first, hits marked.
//!
//! Why not a trigram index: a query under three characters (团, 红包), the
//! most common kind, finds nothing in one. Why not `LIKE`: a word no
//! material holds reads every one of them (seconds at 100,000; see
//! `benches/search.rs`). Instead each field is indexed in an FTS5 table as
//! its single characters and its pairs ([`grams`]).
//!
//! Ranking is by where the words are: titles (and their pinyin initials)
//! first, then tags and folders, then bodies, newest first within each.
//! Each tier is asked for in the index's own order and stops at the page,
//! so a common word costs the same as a rare one; BM25 would score every
//! match first (a one-character word matches a fifth of a large library:
//! 100–200 ms, and seconds for a three-character phrase).

pub mod grams;
pub mod highlight;
pub mod index;
pub mod initials;

use super::{complete, id_list, Material, COLUMNS};
use crate::model::{BizDay, FolderId, MaterialId};
use grams::Term;
use highlight::Segment;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SearchHit {
    pub material: Material,
    pub title: Vec<Segment>,
    pub snippet: Vec<Segment>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// More matched than were returned: a longer query narrows them.
    pub more: bool,
}

/// At most this many hits come back; the window shows them all.
pub const MAX_HITS: usize = 50;

/// Where the words must all be found, best tier first (titles, then tags
/// and folders, then everything): `(singles, pairs)`
/// column sets; a Latin word may also be a title's pinyin initials.
const TIERS: [(&str, &str); 3] = [
    ("{title1}", "{title2 initials}"),
    ("{title1 tags1 folder1}", "{title2 initials tags2 folder2}"),
    ("{title1 tags1 folder1 body1}", "{title2 initials tags2 folder2 body2}"),
];

/// The FTS5 expression asking for every term within one tier's columns.
fn expression(terms: &[Term], (singles, pairs): (&str, &str)) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|term| match term {
            Term::Single(_) => format!("{singles} : {}", term.phrase()),
            // Initials are Latin: only a Latin word can match them.
            Term::Phrase { latin: false, .. } => format!("{} : {}", pairs.replace(" initials", ""), term.phrase()),
            Term::Phrase { latin: true, .. } => format!("{pairs} : {}", term.phrase()),
        })
        .collect();
    parts.join(" AND ")
}

/// The library's best matches for `query`, archived materials left out,
/// expired ones after the rest; an empty query (or one of punctuation
/// alone) matches nothing.
/// As long as the search box takes.
pub const MAX_QUERY_CHARS: usize = 200;

pub async fn search(pool: &SqlitePool, query: &str, today: BizDay) -> Result<SearchResults, sqlx::Error> {
    // A query is a few words; a pasted page is cut to its start before it
    // is split into terms (each term is one more index lookup).
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let terms = grams::terms(&query);
    if terms.is_empty() {
        return Ok(SearchResults { hits: Vec::new(), more: false });
    }
    let [in_titles, in_labels, everywhere] = TIERS;
    let mut ids = matching(pool, &terms, everywhere, MAX_HITS + 1).await?;
    let more = ids.len() > MAX_HITS;
    if more {
        // Too many to rank them all: the best tiers' newest first, each
        // stopping at the page, then the newest of the rest.
        let mut best = matching(pool, &terms, in_titles, MAX_HITS).await?;
        if best.len() < MAX_HITS {
            best.extend(matching(pool, &terms, in_labels, MAX_HITS).await?);
        }
        best.extend(ids);
        ids = Vec::with_capacity(MAX_HITS);
        for id in best {
            if !ids.contains(&id) && ids.len() < MAX_HITS {
                ids.push(id);
            }
        }
    }
    let materials = load_in_order(pool, &ids, today).await?;
    let folders = folder_names(pool).await?;
    let mut hits: Vec<(usize, SearchHit)> = materials
        .into_iter()
        .map(|material| {
            let tier = tier_of(&material, &terms, &folders);
            let hit = SearchHit {
                title: highlight::whole(&material.title, &terms),
                snippet: highlight::snippet(&material.body, &terms),
                material,
            };
            (tier, hit)
        })
        .collect();
    // Stable: newest first holds within a tier.
    hits.sort_by_key(|(tier, hit)| (hit.material.expired, *tier));
    Ok(SearchResults { hits: hits.into_iter().map(|(_, hit)| hit).collect(), more })
}

/// Up to `limit` ids whose fields in `tier` hold every term, newest first:
/// in the index's own order, so the lookup stops at `limit`.
async fn matching(
    pool: &SqlitePool,
    terms: &[Term],
    tier: (&str, &str),
    limit: usize,
) -> Result<Vec<MaterialId>, sqlx::Error> {
    sqlx::query_scalar("SELECT rowid FROM material_search WHERE material_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2")
        .bind(expression(terms, tier))
        .bind(limit as i64)
        .fetch_all(pool)
        .await
}

/// 0 when every term is in the title (or its pinyin initials), 1 when in
/// the title, tags and folders together, 2 otherwise (the body holds some).
fn tier_of(material: &Material, terms: &[Term], folders: &HashMap<FolderId, (Option<FolderId>, String)>) -> usize {
    let title = format!("{} {}", material.title, initials::initials(&material.title));
    if grams::contains_all(&title, terms) {
        return 0;
    }
    let mut labels = format!("{title} {}", material.tags.join(" "));
    let mut folder = material.folder_id;
    // A folder tree is short; the bound only guards against a cycle.
    for _ in 0..64 {
        let Some((parent, name)) = folder.and_then(|id| folders.get(&id)) else { break };
        labels.push(' ');
        labels.push_str(name);
        folder = *parent;
    }
    if grams::contains_all(&labels, terms) {
        1
    } else {
        2
    }
}

async fn folder_names(pool: &SqlitePool) -> Result<HashMap<FolderId, (Option<FolderId>, String)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        id: FolderId,
        parent_id: Option<FolderId>,
        name: String,
    }
    let rows: Vec<Stored> = sqlx::query_as("SELECT id, parent_id, name FROM material_folders").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|f| (f.id, (f.parent_id, f.name))).collect())
}

/// The materials whose ids are in the JSON array `?1`.
pub(super) fn in_order_sql() -> String {
    format!("SELECT {COLUMNS} FROM materials WHERE id IN (SELECT value FROM json_each(?1))")
}

async fn load_in_order(pool: &SqlitePool, ids: &[MaterialId], today: BizDay) -> Result<Vec<Material>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<Material> =
        sqlx::query_as(sqlx::AssertSqlSafe(in_order_sql())).bind(id_list(ids.iter().copied())).fetch_all(pool).await?;
    found.sort_by_key(|m| ids.iter().position(|id| *id == m.id));
    complete(pool, found, today).await
}
