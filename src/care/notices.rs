//! Desktop notifications for today's list: each task is announced once,
//! when it first shows up as due, and a notice sums up only what is new.

use super::today::TodayTasks;
use crate::model::Message;
use crate::model::{BizDay, Lang};
use crate::posting::Post;
use sqlx::SqlitePool;

/// Announced keys older than this are forgotten; a task still due after
/// that long has been on the list every day anyway.
const KEEP_DAYS: i64 = 60;

/// The desktop speaks her first language; the window's choice of language
/// lives in the window.
const LANG: Lang = Lang::Zh;

/// What the desktop notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// Keys of every task on the list and every post come due, grouped by the
/// message that counts them. A key carries the state that made the task
/// due, so a partner contacted and due again weeks later is new again, and
/// a post put off with 稍后 is due again at its new time.
fn keyed(tasks: &TodayTasks, due_posts: &[Post], today: BizDay) -> [(&'static str, Vec<String>); 5] {
    let day = today.as_int();
    [
        (
            "notice.onboarding",
            tasks.onboarding.iter().map(|s| format!("onboarding:{}:{}", s.partner_id.0, s.step.as_str())).collect(),
        ),
        (
            "notice.contact",
            tasks
                .contact
                .iter()
                .map(|c| {
                    format!(
                        "contact:{}:{}",
                        c.partner_id.0,
                        c.last_contact.map_or_else(|| "never".to_owned(), |d| d.to_string())
                    )
                })
                .collect(),
        ),
        (
            "notice.dormant",
            tasks
                .dormant_groups
                .iter()
                .map(|g| {
                    format!(
                        "dormant:{}:{}",
                        g.group_id.0,
                        g.last_order.map_or_else(|| "never".to_owned(), |d| d.to_string())
                    )
                })
                .collect(),
        ),
        ("notice.falling", tasks.falling_groups.iter().map(|g| format!("falling:{}:{day}", g.group_id.0)).collect()),
        (
            "notice.posts",
            due_posts.iter().filter(|p| p.due_now).map(|p| format!("post:{}:{}", p.id.0, p.due_at)).collect(),
        ),
    ]
}

/// Records every task on the list and every post due now as announced and
/// returns a notice for those that were not, or `None` when nothing new
/// became due.
pub async fn announce(
    pool: &SqlitePool,
    tasks: &TodayTasks,
    due_posts: &[Post],
    today: BizDay,
) -> Result<Option<Notice>, sqlx::Error> {
    let mut tx = crate::store::begin_write(pool).await?;
    sqlx::query("DELETE FROM announced_tasks WHERE announced_on < ?1")
        .bind(today.add_days(-KEEP_DAYS))
        .execute(&mut *tx)
        .await?;
    let mut parts = Vec::new();
    for (message, keys) in keyed(tasks, due_posts, today) {
        let mut new = 0;
        for key in keys {
            let inserted = sqlx::query("INSERT OR IGNORE INTO announced_tasks (key, announced_on) VALUES (?1, ?2)")
                .bind(key)
                .bind(today)
                .execute(&mut *tx)
                .await?;
            new += inserted.rows_affected();
        }
        if new > 0 {
            parts.push(Message::new(message).with("n", new).render(LANG));
        }
    }
    tx.commit().await?;
    let separator = Message::new("notice.separator").render(LANG);
    Ok((!parts.is_empty()).then(|| Notice {
        title: Message::new("notice.title").render(LANG),
        body: Message::new("notice.body").with("parts", parts.join(&separator)).render(LANG),
    }))
}
