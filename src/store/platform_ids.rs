//! One kind of owner's ids on 多多进宝 and 淘宝联盟 (a group's 推广位, a
//! partner's person), kept as migration 0026 keys them: one id per owner
//! and platform, an id held by one owner only. Giving an id is the same
//! for groups and partners: unchanged, refused when another owner holds
//! it, else put in place of the one the owner held. What the id brings
//! with it once given (the rows stored for it) stays with each room.

use crate::model::{FormError, Message, Platform};
use sqlx::SqliteConnection;

/// The table one kind of owner keeps its ids in and how giving one is
/// refused. Built with `platform_ids!`, which writes its SQL texts.
pub(crate) struct PlatformIds {
    /// The id owner `?1` holds on platform `?2`.
    pub stored: &'static str,
    /// The name of the owner other than `?3` holding id `?2` on platform `?1`.
    pub holder: &'static str,
    /// Whether rows of platform `?2` already count under owner `?1`.
    pub attributed: &'static str,
    pub remove: &'static str,
    pub insert: &'static str,
    /// The form field of the id on a platform.
    pub field: fn(Platform) -> &'static str,
    /// The refusal of an id another owner holds, naming that owner.
    pub taken: fn(String) -> Message,
    /// Where an owner may not let go of its id once rows came to it on that
    /// platform: the refusal, naming the id it holds.
    pub keeps_attributed: Option<fn(String) -> Message>,
}

/// `PlatformIds` over `table`, whose column `id` holds the id and `owner`
/// the owner's id (the same column `order_rows` counts rows under), a row
/// of `owners` that has a `name`.
macro_rules! platform_ids {
    (table: $table:literal, id: $id:literal, owner: $owner:literal, owners: $owners:literal,
     field: $field:expr, taken: $taken:expr, keeps_attributed: $keeps:expr $(,)?) => {
        $crate::store::platform_ids::PlatformIds {
            stored: concat!("SELECT ", $id, " FROM ", $table, " WHERE ", $owner, " = ?1 AND platform = ?2"),
            holder: concat!(
                "SELECT o.name FROM ",
                $table,
                " i JOIN ",
                $owners,
                " o ON o.id = i.",
                $owner,
                " WHERE i.platform = ?1 AND i.",
                $id,
                " = ?2 AND i.",
                $owner,
                " <> ?3"
            ),
            attributed: concat!("SELECT EXISTS (SELECT 1 FROM order_rows WHERE ", $owner, " = ?1 AND platform = ?2)"),
            remove: concat!("DELETE FROM ", $table, " WHERE ", $owner, " = ?1 AND platform = ?2"),
            insert: concat!("INSERT INTO ", $table, " (platform, ", $id, ", ", $owner, ") VALUES (?1, ?2, ?3)"),
            field: $field,
            taken: $taken,
            keeps_attributed: $keeps,
        }
    };
}

pub(crate) use platform_ids;

impl PlatformIds {
    /// Gives `owner` the id `wanted` on `platform` (or takes its id away),
    /// inside the caller's write transaction, refused at the field as the
    /// table's rules say. Answers the id newly given, so the caller can
    /// bring it what was stored for it; `None` when nothing was given.
    pub(crate) async fn give<'a>(
        &self,
        db: &mut SqliteConnection,
        owner: i64,
        platform: Platform,
        wanted: Option<&'a str>,
    ) -> Result<Option<&'a str>, FormError> {
        let field = (self.field)(platform);
        let stored: Option<String> =
            sqlx::query_scalar(self.stored).bind(owner).bind(platform).fetch_optional(&mut *db).await?;
        if stored.as_deref() == wanted {
            return Ok(None);
        }
        if let (Some(stored), Some(refusal)) = (stored, self.keeps_attributed) {
            let attributed: bool =
                sqlx::query_scalar(self.attributed).bind(owner).bind(platform).fetch_one(&mut *db).await?;
            if attributed {
                return Err(FormError::conflict(field, refusal(stored)));
            }
        }
        if let Some(wanted) = wanted {
            let holder: Option<String> = sqlx::query_scalar(self.holder)
                .bind(platform)
                .bind(wanted)
                .bind(owner)
                .fetch_optional(&mut *db)
                .await?;
            if let Some(holder) = holder {
                return Err(FormError::conflict(field, (self.taken)(holder)));
            }
        }
        sqlx::query(self.remove).bind(owner).bind(platform).execute(&mut *db).await?;
        if let Some(wanted) = wanted {
            sqlx::query(self.insert).bind(platform).bind(wanted).bind(owner).execute(&mut *db).await?;
        }
        Ok(wanted)
    }
}
