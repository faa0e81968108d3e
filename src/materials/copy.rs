//! A material copied for one group or partner: the group's name, the
//! partner's nickname and her tracking link for the material's product are
//! filled in from the store and the platform; what still cannot be known is
//! asked for.

use super::variables::{self, Filled, Values, Variable};
use super::Material;
use crate::links::{self, LinkError, LinkTarget, TrackingLink};
use crate::model::{BizDay, EpochSecs};
use crate::model::{FormError, Message};
use crate::platform::jd::JdClient;
use serde::Serialize;
use sqlx::SqlitePool;

/// A typed answer is a name or a link, never an essay.
const MAX_VALUE_CHARS: usize = 500;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Copied {
    pub filled: Filled,
    /// The link that went into `{链接}`, when the app found one.
    pub link: Option<TrackingLink>,
    /// Why no link could be found for `{链接}`, when it is asked for.
    pub link_problem: Option<Message>,
}

/// `texts` (the material's body, then its text parts) filled for `target`.
pub async fn fill_for(
    pool: &SqlitePool,
    client: Option<&JdClient>,
    material: &Material,
    target: Option<LinkTarget>,
    values: Values,
    (today, now): (BizDay, EpochSecs),
) -> Result<Vec<Copied>, FormError> {
    let mut values = checked(values)?;
    let text = material.texts().join("\n");
    let uses = variables::used(&text);
    fill_names(pool, target, &mut values).await?;
    let mut link = None;
    let mut link_problem = None;
    if uses.contains(&Variable::Link) && is_blank(&values.link) {
        match find_link(pool, client, material, target, now).await {
            Ok(found) => {
                values.link = Some(found.url.clone());
                link = Some(found);
            }
            Err(LinkError::Store(e)) => return Err(FormError::Store(e)),
            Err(problem) => link_problem = Some(problem.message()),
        }
    }
    material
        .texts()
        .iter()
        .map(|text| {
            Ok(Copied {
                filled: variables::fill(text, &values, today)?,
                link: link.clone(),
                link_problem: link_problem.clone(),
            })
        })
        .collect()
}

fn is_blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

fn checked(values: Values) -> Result<Values, FormError> {
    for (field, value) in [("group_name", &values.group_name), ("nickname", &values.nickname), ("link", &values.link)] {
        if value.as_deref().is_some_and(|v| v.chars().count() > MAX_VALUE_CHARS) {
            return Err(FormError::invalid(field, Message::new("materials.valueTooLong").with("max", MAX_VALUE_CHARS)));
        }
    }
    Ok(values)
}

async fn fill_names(pool: &SqlitePool, target: Option<LinkTarget>, values: &mut Values) -> Result<(), sqlx::Error> {
    match target {
        Some(LinkTarget::Group(id)) if is_blank(&values.group_name) => {
            values.group_name =
                sqlx::query_scalar("SELECT name FROM groups WHERE id = ?").bind(id).fetch_optional(pool).await?;
        }
        Some(LinkTarget::Partner(id)) if is_blank(&values.nickname) => {
            values.nickname =
                sqlx::query_scalar("SELECT name FROM partners WHERE id = ?").bind(id).fetch_optional(pool).await?;
        }
        _ => {}
    }
    Ok(())
}

async fn find_link(
    pool: &SqlitePool,
    client: Option<&JdClient>,
    material: &Material,
    target: Option<LinkTarget>,
    now: EpochSecs,
) -> Result<TrackingLink, LinkError> {
    let product = material.product.as_deref().ok_or(LinkError::NoProduct)?;
    let target = target.ok_or(LinkError::UnknownTarget)?;
    links::link_for(pool, client, product, target, now).await
}
