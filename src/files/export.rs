//! Partners and groups out to CSV or XLSX, with the same headers the
//! import reads, so an exported file (with contacts revealed) imports back.
//! WeChat ids and phones are masked unless asked for.

use crate::error::AppError;
use crate::files::import::{template_headers, ImportKind, PARTNER_JOINED};
use crate::files::tabular::{self, FileFormat, TableError};
use crate::model::contact::{mask_phone, mask_wechat};
use crate::model::Message;
use crate::model::{GroupKind, PartnerRole, StoredDay};
use crate::store::sql::latest_members_sql;
use sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("database error: {0}")]
    Store(#[from] sqlx::Error),
}

/// The words the import reads back (and Excel users write).
fn role_label(role: PartnerRole) -> &'static str {
    match role {
        PartnerRole::Leader => "团长",
        PartnerRole::Shopkeeper => "店长",
        PartnerRole::Maker => "创客",
        PartnerRole::Pusher => "推手",
        PartnerRole::Member => "会员",
    }
}

fn kind_label(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Sales => "爆品群",
        GroupKind::Training => "培训群",
        GroupKind::Deals => "推荐群",
        GroupKind::Other => "其他",
    }
}

/// An exported file, and the rows holding a value the store cannot read
/// (an older version wrote it): such a row is exported with the value as
/// stored, so the file keeps it and a re-import refuses it at its line, and
/// named here, so one bad row never stops the export of the rest.
#[derive(Debug)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub unreadable: Vec<Message>,
}

/// The file's bytes, in the format its name asks for. The file's name is
/// left out of the trace: a path can carry a person's name.
#[tracing::instrument(skip_all, fields(?kind, reveal = reveal))]
pub async fn export(
    pool: &SqlitePool,
    kind: ImportKind,
    file_name: &str,
    reveal: bool,
) -> Result<Exported, ExportError> {
    let (rows, unreadable) = match kind {
        ImportKind::Partners => partner_rows(pool, reveal).await?,
        ImportKind::Groups => (group_rows(pool, reveal).await?, Vec::new()),
    };
    let headers = template_headers(kind);
    let bytes = match FileFormat::of(file_name) {
        FileFormat::Xlsx => {
            tabular::write_xlsx(if kind == ImportKind::Partners { "团队" } else { "社群" }, &headers, &rows)?
        }
        FileFormat::Csv => tabular::write_csv(&headers, &rows)?,
    };
    tracing::info!(rows = rows.len(), bytes = bytes.len(), unreadable = unreadable.len(), "exported");
    Ok(Exported { bytes, unreadable })
}

/// An empty file with the import's headers and one example row.
pub fn template(kind: ImportKind, file_name: &str) -> Result<Vec<u8>, ExportError> {
    let example: &[&str] = match kind {
        ImportKind::Partners => {
            &["王芳", "wangfang88", "13800138000", "", "店长", "2025-03-08", "wangfang01", "wangfang", "2718281828"]
        }
        ImportKind::Groups => &["宝妈好物1群", "爆品群", "wangfang88", "", "186", "1000001_2000014", "109876543210"],
    };
    let example: Vec<String> = example.iter().map(|s| s.to_string()).collect();
    let headers = template_headers(kind);
    Ok(match FileFormat::of(file_name) {
        FileFormat::Xlsx => tabular::write_xlsx("模板", &headers, &[example])?,
        FileFormat::Csv => tabular::write_csv(&headers, &[example])?,
    })
}

/// The partners' rows, and a note per row whose joining day is unreadable.
async fn partner_rows(pool: &SqlitePool, reveal: bool) -> Result<(Vec<Vec<String>>, Vec<Message>), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        name: String,
        wechat: Option<String>,
        phone: Option<String>,
        parent_wechat: Option<String>,
        role: PartnerRole,
        #[sqlx(try_from = "Option<i64>")]
        joined_on: StoredDay,
        sub_union_id: Option<String>,
        pdd_uid: Option<String>,
        taobao_id: Option<String>,
    }
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT p.name, p.wechat, p.phone, parent.wechat AS parent_wechat, p.role, p.joined_on, p.sub_union_id,
                (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'pdd') AS pdd_uid,
                (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'taobao') AS taobao_id
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id ORDER BY p.id",
    )
    .fetch_all(pool)
    .await?;
    let contact = |value: Option<String>, masker: fn(&str) -> String| {
        value.map(|v| if reveal { v } else { masker(&v) }).unwrap_or_default()
    };
    let mut unreadable = Vec::new();
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(index, r)| {
            let joined_on = match (r.joined_on.day, r.joined_on.unreadable) {
                (Some(day), _) => day.to_string(),
                (None, Some(stored)) => {
                    unreadable.push(
                        Message::new("export.unreadable")
                            // The header is line 1.
                            .with("line", index + 2)
                            .with("name", &r.name)
                            .with("column", PARTNER_JOINED.aliases[0])
                            .with("value", stored),
                    );
                    stored.to_string()
                }
                (None, None) => String::new(),
            };
            vec![
                r.name,
                contact(r.wechat, mask_wechat),
                contact(r.phone, mask_phone),
                contact(r.parent_wechat, mask_wechat),
                role_label(r.role).to_owned(),
                joined_on,
                r.sub_union_id.unwrap_or_default(),
                r.pdd_uid.unwrap_or_default(),
                r.taobao_id.unwrap_or_default(),
            ]
        })
        .collect();
    Ok((rows, unreadable))
}

async fn group_rows(pool: &SqlitePool, reveal: bool) -> Result<Vec<Vec<String>>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        name: String,
        kind: GroupKind,
        owner_wechat: Option<String>,
        position_id: Option<i64>,
        members: Option<i64>,
        pdd_pid: Option<String>,
        taobao_adzone_id: Option<String>,
    }
    let rows: Vec<Stored> = sqlx::query_as(concat!(
        "SELECT g.name, g.kind, p.wechat AS owner_wechat, g.position_id, ",
        latest_members_sql!(),
        " AS members,
                (SELECT place FROM group_platform_ids WHERE group_id = g.id AND platform = 'pdd') AS pdd_pid,
                (SELECT place FROM group_platform_ids WHERE group_id = g.id AND platform = 'taobao') AS taobao_adzone_id
         FROM groups g LEFT JOIN partners p ON p.id = g.owner_partner_id WHERE g.archived_at IS NULL ORDER BY g.id",
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                kind_label(r.kind).to_owned(),
                r.owner_wechat.map(|w| if reveal { w } else { mask_wechat(&w) }).unwrap_or_default(),
                r.position_id.map(|p| p.to_string()).unwrap_or_default(),
                r.members.map(|m| m.to_string()).unwrap_or_default(),
                r.pdd_pid.unwrap_or_default(),
                r.taobao_adzone_id.unwrap_or_default(),
            ]
        })
        .collect())
}

impl From<ExportError> for AppError {
    fn from(error: ExportError) -> AppError {
        match error {
            ExportError::Table(e) => e.into(),
            ExportError::Store(e) => e.into(),
        }
    }
}
