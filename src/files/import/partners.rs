//! Partners from a file: each row checked on its own, then against the
//! rest of the file (repeats, parents, cycles) and the store (duplicates).

use super::columns::{Column, ColumnMap};
use super::{DuplicatePolicy, DuplicateRow, ImportError, ImportKind, ImportOutcome, ImportPreview, RowIssue};
use crate::files::tabular::SourceTable;
use crate::model::fields;
use crate::model::Message;
use crate::model::{BizDay, FormError, PartnerId, PartnerRole, Platform, SubUnionId};
use crate::team::platform_ids;
use sqlx::SqliteConnection;
use std::collections::{HashMap, HashSet};

const NAME: Column = Column { name: "name", aliases: &["姓名", "name", "昵称"], required: true };
const WECHAT: Column = Column { name: "wechat", aliases: &["微信号", "wechat", "微信"], required: false };
const PHONE: Column =
    Column { name: "phone", aliases: &["手机", "phone", "手机号", "电话", "mobile"], required: false };
const PARENT: Column =
    Column {
        name: "parent_wechat", aliases: &["上级微信号", "parent_wechat", "上级微信", "parent"], required: false
    };
const ROLE: Column = Column { name: "role", aliases: &["角色", "role"], required: false };
pub(crate) const JOINED: Column =
    Column { name: "joined", aliases: &["加入日期", "joined", "加入时间", "joined_on"], required: false };
const SUB_UNION: Column =
    Column { name: "sub_union_id", aliases: &["推广ID", "sub_union_id", "subunionid", "推广id"], required: false };
const PDD_UID: Column = Column {
    name: "pdd_uid",
    aliases: &["多多进宝 uid", "pdd_uid", "拼多多 uid", "custom_parameters"],
    required: false,
};
const TAOBAO_ID: Column = Column {
    name: "taobao_id",
    aliases: &["淘宝渠道ID", "taobao_id", "relation_id", "special_id", "淘宝会员ID"],
    required: false,
};
/// The columns of her ids on 多多进宝 and 淘宝联盟, in `platform_ids::PLATFORMS`' order.
const PLATFORM_COLUMNS: [Column; 2] = [PDD_UID, TAOBAO_ID];
pub(super) const COLUMNS: &[Column] = &[NAME, WECHAT, PHONE, PARENT, ROLE, JOINED, SUB_UNION, PDD_UID, TAOBAO_ID];

#[derive(Debug, Clone)]
struct PartnerRow {
    line: u64,
    name: String,
    wechat: Option<String>,
    phone: Option<String>,
    parent_wechat: Option<String>,
    /// `None` when the cell was blank: new partners are members, merged
    /// ones keep their role.
    role: Option<PartnerRole>,
    joined_on: Option<BizDay>,
    sub_union_id: Option<String>,
    /// Her ids on 多多进宝 and 淘宝联盟, in `platform_ids::PLATFORMS`' order.
    platform_ids: [Option<String>; 2],
}

/// An existing partner a row matched.
#[derive(Debug, Clone)]
struct Match {
    id: i64,
    name: String,
    on: &'static str,
}

pub(super) struct PartnerPlan {
    total: u64,
    good: Vec<PartnerRow>,
    /// Index into `good` → the existing partner it duplicates.
    duplicates: HashMap<usize, Match>,
    issues: Vec<RowIssue>,
    existing_wechat: HashMap<String, i64>,
}

struct Existing {
    by_wechat: HashMap<String, (i64, String)>,
    by_phone: HashMap<String, (i64, String)>,
    by_sub_union: HashMap<String, (i64, String)>,
    /// Per platform of `platform_ids::PLATFORMS`: who holds each id.
    by_platform_id: [HashMap<String, (i64, String)>; 2],
    /// Per partner, her ids on those platforms.
    platform_ids_of: HashMap<i64, [Option<String>; 2]>,
}

async fn existing(db: &mut SqliteConnection) -> Result<Existing, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Identities {
        id: i64,
        name: String,
        wechat: Option<String>,
        phone: Option<String>,
        sub_union_id: Option<String>,
    }
    let rows: Vec<Identities> =
        sqlx::query_as("SELECT id, name, wechat, phone, sub_union_id FROM partners").fetch_all(&mut *db).await?;
    let mut found = Existing {
        by_wechat: HashMap::new(),
        by_phone: HashMap::new(),
        by_sub_union: HashMap::new(),
        by_platform_id: [HashMap::new(), HashMap::new()],
        platform_ids_of: HashMap::new(),
    };
    #[derive(sqlx::FromRow)]
    struct Held {
        platform: Platform,
        person: String,
        partner_id: i64,
        name: String,
    }
    let held: Vec<Held> = sqlx::query_as(
        "SELECT i.platform, i.person, i.partner_id, p.name FROM partner_platform_ids i JOIN partners p ON p.id = i.partner_id",
    )
    .fetch_all(&mut *db)
    .await?;
    for Held { platform, person, partner_id, name } in held {
        let Some(index) = platform_ids::PLATFORMS.iter().position(|p| *p == platform) else { continue };
        found.platform_ids_of.entry(partner_id).or_default()[index] = Some(person.clone());
        found.by_platform_id[index].insert(person, (partner_id, name));
    }
    for Identities { id, name, wechat, phone, sub_union_id } in rows {
        let entry = (id, name);
        if let Some(w) = wechat {
            found.by_wechat.insert(w, entry.clone());
        }
        if let Some(p) = phone {
            found.by_phone.insert(p, entry.clone());
        }
        if let Some(s) = sub_union_id {
            found.by_sub_union.insert(s, entry);
        }
    }
    Ok(found)
}

fn parse_row(map: &ColumnMap, line: u64, cells: &[String], today: BizDay) -> Result<PartnerRow, Vec<RowIssue>> {
    let mut issues = Vec::new();
    let mut check = |column: &Column, result: Result<(), Message>| {
        if let Err(reason) = result {
            issues.push(RowIssue::new(line, column.aliases[0], reason));
        }
    };
    let name = fields::name(map.get(cells, &NAME));
    check(&NAME, name.as_ref().map(|_| ()).map_err(Clone::clone));
    let wechat = fields::wechat(map.get(cells, &WECHAT));
    check(&WECHAT, wechat.as_ref().map(|_| ()).map_err(Clone::clone));
    let phone = fields::phone(map.get(cells, &PHONE));
    check(&PHONE, phone.as_ref().map(|_| ()).map_err(Clone::clone));
    let parent = fields::wechat(map.get(cells, &PARENT));
    check(&PARENT, parent.as_ref().map(|_| ()).map_err(Clone::clone));
    let role_cell = map.get(cells, &ROLE);
    let role = if role_cell.is_empty() { Ok(None) } else { fields::role(role_cell).map(Some) };
    check(&ROLE, role.as_ref().map(|_| ()).map_err(Clone::clone));
    let joined = fields::day(map.get(cells, &JOINED), today);
    check(&JOINED, joined.as_ref().map(|_| ()).map_err(Clone::clone));
    let sub_cell = map.get(cells, &SUB_UNION);
    let sub_union = if sub_cell.is_empty() {
        Ok(None)
    } else {
        SubUnionId::parse(sub_cell)
            .map(|s| Some(s.as_str().to_owned()))
            .map_err(|_| Message::new("field.subUnionId").with("value", sub_cell))
    };
    check(&SUB_UNION, sub_union.as_ref().map(|_| ()).map_err(Clone::clone));
    let mut platform_ids = [None, None];
    for ((platform, column), id) in platform_ids::PLATFORMS.iter().zip(&PLATFORM_COLUMNS).zip(&mut platform_ids) {
        match platform_ids::check(*platform, map.get(cells, column)) {
            Ok(value) => *id = value,
            Err(reason) => check(column, Err(reason)),
        }
    }
    match (name, wechat, phone, parent, role, joined, sub_union) {
        (Ok(name), Ok(wechat), Ok(phone), Ok(parent_wechat), Ok(role), Ok(joined_on), Ok(sub_union_id))
            if issues.is_empty() =>
        {
            if parent_wechat.is_some() && parent_wechat == wechat {
                return Err(vec![RowIssue::new(line, PARENT.aliases[0], Message::new("import.parent.self"))]);
            }
            Ok(PartnerRow { line, name, wechat, phone, parent_wechat, role, joined_on, sub_union_id, platform_ids })
        }
        _ => Err(issues),
    }
}

pub(super) async fn plan(
    db: &mut SqliteConnection,
    table: &SourceTable,
    today: BizDay,
) -> Result<PartnerPlan, ImportError> {
    let map = ColumnMap::new(table, COLUMNS).map_err(ImportError::Header)?;
    let existing = existing(db).await?;
    let mut issues = Vec::new();
    let mut rows = Vec::new();
    for source in &table.rows {
        if let Some(issue) = super::broken_line(source) {
            issues.push(issue);
            continue;
        }
        match parse_row(&map, source.line, &source.cells, today) {
            Ok(row) => rows.push(row),
            Err(found) => issues.extend(found),
        }
    }
    let rows = drop_repeats(rows, &mut issues);
    let (rows, duplicates) = match_existing(rows, &existing, &mut issues);
    let existing_wechat: HashMap<String, i64> =
        existing.by_wechat.iter().map(|(w, (id, _))| (w.clone(), *id)).collect();
    // Every WeChat id written in the file, good row or not, so a child of a
    // refused row hears which line to fix.
    let mut lines_by_wechat: HashMap<String, u64> = HashMap::new();
    for source in &table.rows {
        let wechat = map.get(&source.cells, &WECHAT);
        if !wechat.is_empty() {
            lines_by_wechat.entry(wechat.to_owned()).or_insert(source.line);
        }
    }
    let (good, duplicates) = resolve_parents(rows, duplicates, &existing_wechat, &lines_by_wechat, &mut issues);
    issues.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    Ok(PartnerPlan { total: table.rows.len() as u64, good, duplicates, issues, existing_wechat })
}

/// The same WeChat id, phone, sub-union id or platform id twice in one
/// file: the first row stands, later ones are reported.
fn drop_repeats(rows: Vec<PartnerRow>, issues: &mut Vec<RowIssue>) -> Vec<PartnerRow> {
    let mut seen: HashMap<(&'static str, String), u64> = HashMap::new();
    rows.into_iter()
        .filter(|row| {
            let keys = [
                (WECHAT, &row.wechat),
                (PHONE, &row.phone),
                (SUB_UNION, &row.sub_union_id),
                (PDD_UID, &row.platform_ids[0]),
                (TAOBAO_ID, &row.platform_ids[1]),
            ];
            for (column, value) in keys {
                if let Some(value) = value {
                    if let Some(first) = seen.get(&(column.name, value.clone())) {
                        issues.push(RowIssue::new(
                            row.line,
                            column.aliases[0],
                            Message::new("import.repeat").with("first", first).with("value", value),
                        ));
                        return false;
                    }
                }
            }
            for (column, value) in keys {
                if let Some(value) = value {
                    seen.insert((column.name, value.clone()), row.line);
                }
            }
            true
        })
        .collect()
}

/// Rows matching a partner already in the store, by WeChat id, phone,
/// sub-union id or an id on another platform; a row matching two different
/// partners cannot be placed (an id claimed by one partner and written on
/// another's row is such a row), nor can a row give a partner an id on a
/// platform where she already has another.
fn match_existing(
    rows: Vec<PartnerRow>,
    existing: &Existing,
    issues: &mut Vec<RowIssue>,
) -> (Vec<PartnerRow>, HashMap<u64, Match>) {
    let mut kept = Vec::new();
    let mut duplicates = HashMap::new();
    for row in rows {
        let lookups = [
            (WECHAT, row.wechat.as_ref().and_then(|w| existing.by_wechat.get(w))),
            (PHONE, row.phone.as_ref().and_then(|p| existing.by_phone.get(p))),
            (SUB_UNION, row.sub_union_id.as_ref().and_then(|s| existing.by_sub_union.get(s))),
            (PDD_UID, row.platform_ids[0].as_ref().and_then(|s| existing.by_platform_id[0].get(s))),
            (TAOBAO_ID, row.platform_ids[1].as_ref().and_then(|s| existing.by_platform_id[1].get(s))),
        ];
        let found: Vec<(Column, &(i64, String))> =
            lookups.into_iter().filter_map(|(c, hit)| hit.map(|h| (c, h))).collect();
        let ids: HashSet<i64> = found.iter().map(|(_, (id, _))| *id).collect();
        if ids.len() > 1 {
            let names: Vec<String> = found.iter().map(|(c, (_, n))| format!("{}→{n}", c.aliases[0])).collect();
            issues.push(RowIssue::new(
                row.line,
                found[0].0.aliases[0],
                Message::new("import.matchesSeveral").with("names", names.join("，")),
            ));
            continue;
        }
        if let Some((column, (id, name))) = found.first() {
            if let Some(issue) = other_platform_id(&row, *id, name, existing) {
                issues.push(issue);
                continue;
            }
            duplicates.insert(row.line, Match { id: *id, name: name.clone(), on: column.aliases[0] });
        }
        kept.push(row);
    }
    (kept, duplicates)
}

/// A row that is an existing partner but names another id than hers on a
/// platform: an id she holds is changed in her form, where the orders it
/// brought are checked, not by a file.
fn other_platform_id(row: &PartnerRow, id: i64, name: &str, existing: &Existing) -> Option<RowIssue> {
    let held = existing.platform_ids_of.get(&id)?;
    row.platform_ids.iter().zip(held).zip(&PLATFORM_COLUMNS).find_map(|((wanted, held), column)| match (wanted, held) {
        (Some(wanted), Some(held)) if wanted != held => Some(RowIssue::new(
            row.line,
            column.aliases[0],
            Message::new("import.platformId.other").with("name", name).with("value", held),
        )),
        _ => None,
    })
}

/// Every parent must be someone already in the team or a good row of this
/// file, and following parents must never come back to a row. Rows whose
/// parent row was refused are refused too, until nothing changes.
fn resolve_parents(
    mut rows: Vec<PartnerRow>,
    duplicates: HashMap<u64, Match>,
    existing_wechat: &HashMap<String, i64>,
    all_lines: &HashMap<String, u64>,
    issues: &mut Vec<RowIssue>,
) -> (Vec<PartnerRow>, HashMap<usize, Match>) {
    loop {
        let in_file: HashMap<&str, &PartnerRow> =
            rows.iter().filter_map(|r| r.wechat.as_deref().map(|w| (w, r))).collect();
        let mut refused: Vec<(u64, Message)> = Vec::new();
        for row in &rows {
            let Some(parent) = row.parent_wechat.as_deref() else { continue };
            if let Some(reason) = parent_problem(row, parent, &in_file, existing_wechat, all_lines) {
                refused.push((row.line, reason));
            }
        }
        if refused.is_empty() {
            break;
        }
        let lines: HashSet<u64> = refused.iter().map(|(line, _)| *line).collect();
        issues.extend(refused.into_iter().map(|(line, reason)| RowIssue::new(line, PARENT.aliases[0], reason)));
        rows.retain(|r| !lines.contains(&r.line));
    }
    let duplicates = rows
        .iter()
        .enumerate()
        .filter_map(|(index, row)| duplicates.get(&row.line).map(|m| (index, m.clone())))
        .collect();
    (rows, duplicates)
}

fn parent_problem(
    row: &PartnerRow,
    parent: &str,
    in_file: &HashMap<&str, &PartnerRow>,
    existing_wechat: &HashMap<String, i64>,
    all_lines: &HashMap<String, u64>,
) -> Option<Message> {
    if in_file.contains_key(parent) {
        // Walk up inside the file; meeting this row again is a cycle.
        let mut current = parent;
        for _ in 0..=in_file.len() {
            match in_file.get(current).and_then(|r| r.parent_wechat.as_deref()) {
                Some(next) if Some(next) == row.wechat.as_deref() => {
                    return Some(Message::new("import.parent.cycle").with("parent", parent));
                }
                Some(next) if in_file.contains_key(next) => current = next,
                _ => return None,
            }
        }
        return None;
    }
    if existing_wechat.contains_key(parent) {
        return None;
    }
    Some(match all_lines.get(parent) {
        Some(line) => Message::new("import.parent.refused").with("line", line),
        None => Message::new("import.parent.unknown").with("parent", parent),
    })
}

impl PartnerPlan {
    pub(super) fn preview(&self, table: &SourceTable) -> ImportPreview {
        let duplicates = self
            .duplicates
            .iter()
            .map(|(index, m)| DuplicateRow {
                line: self.good[*index].line,
                matched_on: m.on.to_owned(),
                existing_id: m.id,
                existing_name: m.name.clone(),
            })
            .collect();
        ImportPreview::new(table, ImportKind::Partners, self.total, self.good.len() as u64, &self.issues, duplicates)
    }

    /// Parents before children, so every parent id exists when its children
    /// are written.
    pub(super) async fn apply(
        self,
        db: &mut SqliteConnection,
        policy: DuplicatePolicy,
        now: i64,
        mut on_progress: impl FnMut(u64, u64),
    ) -> Result<ImportOutcome, ImportError> {
        let total = self.good.len() as u64;
        let mut ids: HashMap<String, i64> = self.existing_wechat.clone();
        for (index, m) in &self.duplicates {
            if let Some(w) = &self.good[*index].wechat {
                ids.insert(w.clone(), m.id);
            }
        }
        let mut outcome = ImportOutcome { skipped: super::bad_rows(&self.issues), ..ImportOutcome::default() };
        let mut pending: Vec<usize> = (0..self.good.len()).collect();
        let mut done = 0u64;
        while !pending.is_empty() {
            let before = pending.len();
            let mut waiting = Vec::new();
            for index in pending {
                let row = &self.good[index];
                let parent = match row.parent_wechat.as_deref() {
                    None => None,
                    Some(w) => match ids.get(w) {
                        Some(id) => Some(*id),
                        None => {
                            waiting.push(index);
                            continue;
                        }
                    },
                };
                match (self.duplicates.get(&index), policy) {
                    (Some(_), DuplicatePolicy::Skip) => outcome.skipped += 1,
                    (Some(m), DuplicatePolicy::Merge) => {
                        merge(db, m.id, row).await?;
                        claim_platform_ids(db, m.id, row).await?;
                        outcome.merged += 1;
                    }
                    (None, _) => {
                        let id = insert(db, row, parent, now).await?;
                        claim_platform_ids(db, id, row).await?;
                        if let Some(w) = &row.wechat {
                            ids.insert(w.clone(), id);
                        }
                        outcome.imported += 1;
                    }
                }
                done += 1;
                if done.is_multiple_of(200) || done == total {
                    on_progress(done, total);
                }
            }
            if waiting.len() == before {
                // Unreachable after `resolve_parents`; refuse rather than loop.
                return Err(ImportError::Header(Message::new("import.parent.unordered")));
            }
            pending = waiting;
        }
        Ok(outcome)
    }
}

async fn insert(
    db: &mut SqliteConnection,
    row: &PartnerRow,
    parent: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO partners (name, role, sub_union_id, joined_on, wechat, phone, parent_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(&row.name)
    .bind(row.role.unwrap_or(PartnerRole::Member).as_str())
    .bind(&row.sub_union_id)
    .bind(row.joined_on)
    .bind(&row.wechat)
    .bind(&row.phone)
    .bind(parent)
    .bind(now)
    .fetch_one(db)
    .await
}

/// The row's ids on 多多进宝 and 淘宝联盟, and the rows stored for them
/// (see `team::platform_ids::claim`). The plan has refused every id another
/// partner holds, and every change to one she holds.
async fn claim_platform_ids(db: &mut SqliteConnection, id: i64, row: &PartnerRow) -> Result<(), ImportError> {
    for (platform, wanted) in platform_ids::PLATFORMS.iter().zip(&row.platform_ids) {
        let Some(wanted) = wanted else { continue };
        platform_ids::claim(db, PartnerId(id), *platform, Some(wanted)).await.map_err(|error| match error {
            FormError::Store(e) => ImportError::Store(e),
            FormError::Invalid { message, .. } | FormError::Conflict { message, .. } | FormError::NotFound(message) => {
                ImportError::Header(message)
            }
        })?;
    }
    Ok(())
}

/// The row's non-empty fields over the existing partner's; the place in
/// the tree stays as it is.
async fn merge(db: &mut SqliteConnection, id: i64, row: &PartnerRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE partners SET name = ?1, role = COALESCE(?2, role), sub_union_id = COALESCE(?3, sub_union_id),
             joined_on = COALESCE(?4, joined_on), wechat = COALESCE(?5, wechat), phone = COALESCE(?6, phone),
             is_placeholder = 0
         WHERE id = ?7",
    )
    .bind(&row.name)
    .bind(row.role.map(PartnerRole::as_str))
    .bind(&row.sub_union_id)
    .bind(row.joined_on)
    .bind(&row.wechat)
    .bind(&row.phone)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}
