//! `tuanzhang plan …`: the posting plan from a terminal, through the same
//! engine as the window.

use clap::Subcommand;
use sqlx::SqlitePool;
use tuanzhang::model::{
    BizDay, CheckItem, EpochSecs, GroupId, GroupKind, MaterialId, PlanCadence, PlanEnds, PlanStart, PostId,
};
use tuanzhang::posting::{self, log, plans, starter, Audience, LogAction, PlanDraft};

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Add a plan; prints its id. Every day unless --weekdays or --once.
    Add(Box<AddPlan>),
    /// The plans.
    List {
        #[arg(long)]
        json: bool,
    },
    /// The daily rhythm's starter plans, for the groups she has.
    Starters,
    /// Today's posts, due now first.
    Today {
        #[arg(long)]
        json: bool,
    },
    /// Record what happened to a post.
    Log {
        post: i64,
        status: LoggedAs,
        /// Why it was skipped.
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct AddPlan {
    #[arg(long)]
    title: String,
    /// HH:MM, Beijing.
    #[arg(long)]
    time: String,
    /// A group by name or id (repeat for more).
    #[arg(long = "group", conflicts_with_all = ["kind", "tag"])]
    groups: Vec<String>,
    /// Every group of a kind: sales, training, deals or other.
    #[arg(long, conflicts_with = "tag")]
    kind: Option<GroupKind>,
    /// Every group with a tag.
    #[arg(long)]
    tag: Option<String>,
    /// Days of the week, 1 Monday … 7 Sunday, e.g. 1,3,5.
    #[arg(long, value_delimiter = ',', conflicts_with = "once", allow_negative_numbers = true)]
    weekdays: Vec<i64>,
    /// Only on its first day.
    #[arg(long)]
    once: bool,
    /// The first day, yyyy-MM-dd (default today).
    #[arg(long, conflicts_with_all = ["after_created", "campaign"])]
    on: Option<String>,
    /// Start on day N after each group's creation (0 is that day).
    #[arg(long, value_name = "N", conflicts_with = "campaign", allow_negative_numbers = true)]
    after_created: Option<i64>,
    /// Start on day --day of a campaign that starts on this day, yyyy-MM-dd.
    #[arg(long)]
    campaign: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 0, allow_negative_numbers = true)]
    day: i64,
    /// The last day, yyyy-MM-dd.
    #[arg(long, conflicts_with = "times")]
    until: Option<String>,
    /// End after this many posts per group.
    #[arg(long, allow_negative_numbers = true)]
    times: Option<i64>,
    /// The material to post, by id.
    #[arg(long)]
    material: Option<i64>,
    /// The warmth checklist item a post ticks: morning_greeting, noon_post, evening_post, training, red_packet, order_showcase.
    #[arg(long)]
    ticks: Option<CheckItem>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LoggedAs {
    Posted,
    Skipped,
    Later,
}

pub async fn run(command: PlanCommand, pool: &SqlitePool, now: EpochSecs) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        PlanCommand::Add(add) => {
            let AddPlan {
                title,
                time,
                groups,
                kind,
                tag,
                weekdays,
                once,
                on,
                after_created,
                campaign,
                day,
                until,
                times,
                material,
                ticks,
            } = *add;
            let audience = match (kind, tag) {
                (Some(kind), _) => Audience::Kind { kind },
                (None, Some(tag)) => Audience::Tag { tag },
                (None, None) => Audience::Groups { ids: group_ids(pool, &groups).await? },
            };
            let cadence = if once {
                PlanCadence::Once
            } else if weekdays.is_empty() {
                PlanCadence::Daily
            } else {
                PlanCadence::Weekdays
            };
            let (start, start_on, after_days) = match (after_created, campaign) {
                (Some(n), _) => (PlanStart::GroupCreated, None, n),
                (None, Some(start)) => (PlanStart::Campaign, Some(start), day),
                (None, None) => (PlanStart::On, Some(on.unwrap_or_else(|| BizDay::of(now).to_string())), 0),
            };
            let ends = match (&until, times) {
                (Some(_), _) => PlanEnds::Until,
                (None, Some(_)) => PlanEnds::Times,
                (None, None) => PlanEnds::Never,
            };
            let draft = PlanDraft {
                title,
                audience,
                cadence,
                weekdays,
                start,
                start_on,
                after_days,
                ends,
                ends_on: until,
                times,
                time,
                material_id: material.map(MaterialId),
                ticks,
            };
            let plan = plans::create(pool, &draft, now).await?;
            println!("{}\t{}", plan.id, plan.draft.title);
        }
        PlanCommand::List { json } => {
            let plans = plans::list(pool, false).await?;
            if json {
                println!("{}", serde_json::to_string(&plans)?);
                return Ok(());
            }
            for plan in plans {
                let kit = plan.material_title.as_deref().unwrap_or("-");
                println!("{}\t{}\t{}\t{kit}", plan.id, plan.draft.time, plan.draft.title);
            }
        }
        PlanCommand::Starters => {
            for plan in starter::add(pool, now).await? {
                println!("{}\t{}\t{}", plan.id, plan.draft.time, plan.draft.title);
            }
        }
        PlanCommand::Today { json } => {
            let queue = posting::queue(pool, now).await?;
            if json {
                let posts: Vec<serde_json::Value> = queue
                    .posts
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "id": p.id, "group": p.group_name, "group_id": p.group_id, "due": p.due,
                            "due_at": p.due_at, "status": p.status, "plan": p.plan_title,
                            "material": p.material_title, "late": p.late, "due_now": p.due_now,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string(&posts)?);
                return Ok(());
            }
            for p in &queue.posts {
                let now_mark = if p.due_now { "\t(due now)" } else { "" };
                println!("{}\t{}\t{}\t{}\t{}{now_mark}", p.id, p.due, p.group_name, p.plan_title, p.status.as_str());
            }
            eprintln!("{} posts today, {} due now", queue.posts.len(), queue.due_now);
        }
        PlanCommand::Log { post, status, reason } => {
            let action = match status {
                LoggedAs::Posted => LogAction::Posted,
                LoggedAs::Skipped => LogAction::Skipped { reason: reason.unwrap_or_default() },
                LoggedAs::Later => LogAction::Later,
            };
            let post = log::log(pool, PostId(post), &action, now).await?;
            let late = if post.late { " (late)" } else { "" };
            println!("{}\t{}\t{}{late}", post.id, post.group_name, post.status.as_str());
        }
    }
    Ok(())
}

/// Each group named by id or by its name.
async fn group_ids(pool: &SqlitePool, names: &[String]) -> Result<Vec<GroupId>, Box<dyn std::error::Error>> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        let id: Option<GroupId> = sqlx::query_scalar("SELECT id FROM groups WHERE name = ?1 OR CAST(id AS TEXT) = ?1")
            .bind(name.trim())
            .fetch_optional(pool)
            .await?;
        ids.push(id.ok_or_else(|| format!("--group {name}: no such group"))?);
    }
    Ok(ids)
}
