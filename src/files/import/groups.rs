//! Groups from a file: each row checked, owners found by WeChat id, and a
//! promotion position (JD's, 多多进宝's or 淘宝联盟's) bound to one group only.

use super::columns::{Column, ColumnMap};
use super::{DuplicatePolicy, DuplicateRow, ImportError, ImportKind, ImportOutcome, ImportPreview, RowIssue};
use crate::files::tabular::SourceTable;
use crate::groups::{platform_ids, MAX_MEMBERS};
use crate::model::fields;
use crate::model::Message;
use crate::model::{BizDay, FormError, GroupId, GroupKind, Platform};
use sqlx::SqliteConnection;
use std::collections::HashMap;

const NAME: Column = Column { name: "name", aliases: &["群名", "name", "群名称"], required: true };
const KIND: Column = Column { name: "kind", aliases: &["类型", "kind"], required: false };
const OWNER: Column =
    Column {
        name: "owner_wechat", aliases: &["群主微信号", "owner_wechat", "群主微信", "owner"], required: false
    };
const POSITION: Column =
    Column { name: "position_id", aliases: &["推广位", "position_id", "推广位ID", "position"], required: false };
const MEMBERS: Column =
    Column { name: "members", aliases: &["成员数", "members", "群人数", "人数"], required: false };
const PDD_PID: Column =
    Column {
        name: "pdd_pid", aliases: &["多多进宝推广位", "pdd_pid", "p_id", "多多进宝PID"], required: false
    };
const TAOBAO_ADZONE: Column =
    Column {
        name: "taobao_adzone_id", aliases: &["淘宝推广位", "taobao_adzone_id", "adzone_id"], required: false
    };
/// The columns of its places on 多多进宝 and 淘宝联盟, in `platform_ids::PLATFORMS`' order.
const PLACE_COLUMNS: [Column; 2] = [PDD_PID, TAOBAO_ADZONE];
pub(super) const COLUMNS: &[Column] = &[NAME, KIND, OWNER, POSITION, MEMBERS, PDD_PID, TAOBAO_ADZONE];

#[derive(Debug, Clone)]
struct GroupRow {
    line: u64,
    name: String,
    kind: Option<GroupKind>,
    owner: Option<i64>,
    position_id: Option<i64>,
    members: Option<i64>,
    /// Its places on 多多进宝 and 淘宝联盟, in `platform_ids::PLATFORMS`' order.
    places: [Option<String>; 2],
}

pub(super) struct GroupPlan {
    total: u64,
    good: Vec<GroupRow>,
    /// Line → the existing group holding the row's position or a place,
    /// and the column that matched.
    duplicates: HashMap<u64, (i64, String, &'static str)>,
    issues: Vec<RowIssue>,
}

pub(super) async fn plan(db: &mut SqliteConnection, table: &SourceTable) -> Result<GroupPlan, ImportError> {
    let map = ColumnMap::new(table, COLUMNS).map_err(ImportError::Header)?;
    #[derive(sqlx::FromRow)]
    struct Owner {
        wechat: String,
        id: i64,
    }
    #[derive(sqlx::FromRow)]
    struct Positioned {
        position_id: i64,
        id: i64,
        name: String,
    }
    let owners: HashMap<String, i64> =
        sqlx::query_as::<_, Owner>("SELECT wechat, id FROM partners WHERE wechat IS NOT NULL")
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .map(|o| (o.wechat, o.id))
            .collect();
    let positions: HashMap<i64, (i64, String)> =
        sqlx::query_as::<_, Positioned>("SELECT position_id, id, name FROM groups WHERE position_id IS NOT NULL")
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .map(|g| (g.position_id, (g.id, g.name)))
            .collect();
    #[derive(sqlx::FromRow)]
    struct Placed {
        platform: Platform,
        place: String,
        group_id: i64,
        name: String,
    }
    let mut places: [HashMap<String, (i64, String)>; 2] = [HashMap::new(), HashMap::new()];
    let placed: Vec<Placed> = sqlx::query_as(
        "SELECT i.platform, i.place, i.group_id, g.name FROM group_platform_ids i JOIN groups g ON g.id = i.group_id",
    )
    .fetch_all(&mut *db)
    .await?;
    for Placed { platform, place, group_id, name } in placed {
        if let Some(index) = platform_ids::PLATFORMS.iter().position(|p| *p == platform) {
            places[index].insert(place, (group_id, name));
        }
    }
    let mut issues = Vec::new();
    let mut good = Vec::new();
    let mut duplicates = HashMap::new();
    let mut seen_positions: HashMap<i64, u64> = HashMap::new();
    let mut seen_places: [HashMap<String, u64>; 2] = [HashMap::new(), HashMap::new()];
    for source in &table.rows {
        if let Some(issue) = super::broken_line(source) {
            issues.push(issue);
            continue;
        }
        let line = source.line;
        let cell = |column: &Column| map.get(&source.cells, column);
        let mut row_issues = Vec::new();
        let mut note =
            |column: &Column, reason: Message| row_issues.push(RowIssue::new(line, column.aliases[0], reason));
        let name = fields::name(cell(&NAME)).map_err(|r| note(&NAME, r)).ok();
        let kind = if cell(&KIND).is_empty() {
            Some(None)
        } else {
            fields::kind(cell(&KIND)).map(Some).map_err(|r| note(&KIND, r)).ok()
        };
        let owner = match fields::wechat(cell(&OWNER)) {
            Ok(None) => Some(None),
            Ok(Some(w)) => match owners.get(&w) {
                Some(id) => Some(Some(*id)),
                None => {
                    note(&OWNER, Message::new("import.owner.unknown").with("wechat", w));
                    None
                }
            },
            Err(reason) => {
                note(&OWNER, reason);
                None
            }
        };
        let position_id = fields::position_id(cell(&POSITION)).map_err(|r| note(&POSITION, r)).ok();
        let members = fields::count(cell(&MEMBERS), MAX_MEMBERS).map_err(|r| note(&MEMBERS, r)).ok();
        if let Some(Some(position)) = position_id {
            if let Some(first) = seen_positions.get(&position) {
                note(&POSITION, Message::new("import.position.repeat").with("position", position).with("first", first));
            }
        }
        let mut row_places: [Option<String>; 2] = [None, None];
        for (index, (platform, column)) in platform_ids::PLATFORMS.iter().zip(&PLACE_COLUMNS).enumerate() {
            match platform_ids::check(*platform, cell(column)) {
                Ok(Some(place)) => {
                    if let Some(first) = seen_places[index].get(&place) {
                        note(
                            column,
                            Message::new("import.position.repeat").with("position", &place).with("first", first),
                        );
                    }
                    row_places[index] = Some(place);
                }
                Ok(None) => {}
                Err(reason) => note(column, reason),
            }
        }
        // The existing groups the row names by position or place: one is
        // the group the row is, two cannot both be.
        let mut matched: Vec<(&Column, &(i64, String))> = Vec::new();
        if let Some(existing) = position_id.flatten().and_then(|position| positions.get(&position)) {
            matched.push((&POSITION, existing));
        }
        for (index, column) in PLACE_COLUMNS.iter().enumerate() {
            if let Some(existing) = row_places[index].as_ref().and_then(|place| places[index].get(place)) {
                matched.push((column, existing));
            }
        }
        if matched.iter().any(|(_, (id, _))| *id != matched[0].1 .0) {
            let names: Vec<String> = matched.iter().map(|(c, (_, n))| format!("{}→{n}", c.aliases[0])).collect();
            note(matched[0].0, Message::new("import.matchesSeveral").with("names", names.join("，")));
        }
        match (name, kind, owner, position_id, members) {
            (Some(name), Some(kind), Some(owner), Some(position_id), Some(members)) if row_issues.is_empty() => {
                if let Some(position) = position_id {
                    seen_positions.insert(position, line);
                }
                for (seen, place) in seen_places.iter_mut().zip(&row_places) {
                    if let Some(place) = place {
                        seen.insert(place.clone(), line);
                    }
                }
                if let Some((column, (id, existing))) = matched.first() {
                    duplicates.insert(line, (*id, existing.clone(), column.aliases[0]));
                }
                good.push(GroupRow { line, name, kind, owner, position_id, members, places: row_places });
            }
            _ => issues.extend(row_issues),
        }
    }
    Ok(GroupPlan { total: table.rows.len() as u64, good, duplicates, issues })
}

impl GroupPlan {
    pub(super) fn preview(&self, table: &SourceTable) -> ImportPreview {
        let duplicates = self
            .duplicates
            .iter()
            .map(|(line, (id, name, on))| DuplicateRow {
                line: *line,
                matched_on: (*on).to_owned(),
                existing_id: *id,
                existing_name: name.clone(),
            })
            .collect();
        ImportPreview::new(table, ImportKind::Groups, self.total, self.good.len() as u64, &self.issues, duplicates)
    }

    pub(super) async fn apply(
        self,
        db: &mut SqliteConnection,
        policy: DuplicatePolicy,
        today: BizDay,
        now: i64,
        mut on_progress: impl FnMut(u64, u64),
    ) -> Result<ImportOutcome, ImportError> {
        let total = self.good.len() as u64;
        let mut outcome = ImportOutcome { skipped: super::bad_rows(&self.issues), ..ImportOutcome::default() };
        for (done, row) in self.good.iter().enumerate() {
            let id = match (self.duplicates.get(&row.line), policy) {
                (Some(_), DuplicatePolicy::Skip) => {
                    outcome.skipped += 1;
                    None
                }
                (Some((id, _, _)), DuplicatePolicy::Merge) => {
                    sqlx::query(
                        "UPDATE groups SET name = ?1, kind = COALESCE(?2, kind), owner_partner_id = COALESCE(?3, owner_partner_id),
                             is_placeholder = 0 WHERE id = ?4",
                    )
                    .bind(&row.name)
                    .bind(row.kind.map(GroupKind::as_str))
                    .bind(row.owner)
                    .bind(id)
                    .execute(&mut *db)
                    .await?;
                    outcome.merged += 1;
                    Some(*id)
                }
                (None, _) => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO groups (name, kind, owner_partner_id, position_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                         RETURNING id",
                    )
                    .bind(&row.name)
                    .bind(row.kind.unwrap_or(GroupKind::Other).as_str())
                    .bind(row.owner)
                    .bind(row.position_id)
                    .bind(now)
                    .fetch_one(&mut *db)
                    .await?;
                    outcome.imported += 1;
                    Some(id)
                }
            };
            if let Some(id) = id {
                claim_places(db, GroupId(id), row).await?;
            }
            if let (Some(id), Some(members)) = (id, row.members) {
                sqlx::query(
                    "INSERT INTO group_member_counts (group_id, day, members) VALUES (?1, ?2, ?3)
                     ON CONFLICT (group_id, day) DO UPDATE SET members = excluded.members",
                )
                .bind(id)
                .bind(today)
                .bind(members)
                .execute(&mut *db)
                .await?;
            }
            let done = done as u64 + 1;
            if done.is_multiple_of(200) || done == total {
                on_progress(done, total);
            }
        }
        Ok(outcome)
    }
}

/// The row's places on 多多进宝 and 淘宝联盟, and the rows stored for them
/// (see `groups::platform_ids::claim`). The plan has matched every place
/// another group holds to that group, so none is refused here.
async fn claim_places(db: &mut SqliteConnection, id: GroupId, row: &GroupRow) -> Result<(), ImportError> {
    for (platform, wanted) in platform_ids::PLATFORMS.iter().zip(&row.places) {
        let Some(wanted) = wanted else { continue };
        platform_ids::claim(db, id, *platform, Some(wanted)).await.map_err(|error| match error {
            FormError::Store(e) => ImportError::Store(e),
            FormError::Invalid { message, .. } | FormError::Conflict { message, .. } | FormError::NotFound(message) => {
                ImportError::Header(message)
            }
        })?;
    }
    Ok(())
}
