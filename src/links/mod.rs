//! Her own tracking links (转链): a goods page turned, by the platform, into
//! a link that credits her for what sells through it — per group through
//! the group's promotion position, per partner through the partner's
//! sub-union id. Links are kept with their expiry so a copy works offline,
//! and made anew before the short link's 60 days run out.

mod cache;
mod target;

pub use cache::{refresh_due, Refreshed, RefusedLink};
pub use target::LinkTarget;

use crate::error::{AppError, ErrorCode};
use crate::model::EpochSecs;
use crate::model::Message;
use crate::platform::jd::promotion::{PromotionCodeReq, SHORT_LINK_DAYS};
use crate::platform::jd::JdClient;
use crate::platform::PlatformError;
use serde::Serialize;
use sqlx::SqlitePool;

/// A link within this many days of its expiry is made anew when asked for.
pub const REFRESH_DAYS: i64 = 7;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the material has no product")]
    NoProduct,
    #[error("the group is not bound to a promotion position")]
    NoPosition,
    #[error("the partner has no sub-union id")]
    NoSubUnionId,
    #[error("no such group or partner")]
    UnknownTarget,
    #[error("no link is kept and none can be made now: {0}")]
    Platform(#[from] PlatformError),
    #[error("no link is kept and no account is connected to make one")]
    NotConnected,
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl LinkError {
    pub fn message(&self) -> Message {
        match self {
            LinkError::NoProduct => Message::new("links.noProduct"),
            LinkError::NoPosition => Message::new("links.noPosition"),
            LinkError::NoSubUnionId => Message::new("links.noSubUnionId"),
            LinkError::UnknownTarget => Message::new("links.unknownTarget"),
            LinkError::NotConnected => Message::new("links.notConnected"),
            LinkError::Platform(e) => Message::new("links.platform").with("detail", e),
            LinkError::Store(_) => Message::new("error.unexpected"),
        }
    }
}

/// The link to paste, and how it was come by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TrackingLink {
    pub url: String,
    /// When the short link stops working; none for the long one.
    pub expires_at: Option<EpochSecs>,
    /// Kept from before because the platform could not be asked now.
    pub from_cache: bool,
}

/// The goods URL the platform is asked about: a bare SKU id, which it does
/// not accept, becomes its goods page.
pub fn goods_url(product: &str) -> String {
    let product = product.trim();
    if product.bytes().all(|b| b.is_ascii_digit()) {
        format!("https://item.jd.com/{product}.html")
    } else {
        product.to_owned()
    }
}

/// The link for `product` in `target`: the kept one while it has more than
/// a week left, else a new one from the platform; when the platform cannot
/// be asked, the kept short link while it works, then the kept long one.
pub async fn link_for(
    pool: &SqlitePool,
    client: Option<&JdClient>,
    product: &str,
    target: LinkTarget,
    now: EpochSecs,
) -> Result<TrackingLink, LinkError> {
    let product = goods_url(product);
    if product.is_empty() {
        return Err(LinkError::NoProduct);
    }
    let binding = target.binding(pool).await?;
    let kept = cache::kept(pool, &product, target).await?.filter(|k| k.binding == binding);
    if let Some(kept) = kept.as_ref().filter(|k| k.expires_at - now > REFRESH_DAYS * 86_400) {
        return Ok(TrackingLink { url: kept.short_url.clone(), expires_at: Some(kept.expires_at), from_cache: false });
    }
    let made = match client {
        Some(client) => make(pool, client, &product, target, &binding).await,
        None => Err(LinkError::NotConnected),
    };
    match (made, kept) {
        (Ok(link), _) => Ok(link),
        (Err(_), Some(kept)) if kept.expires_at > now => {
            Ok(TrackingLink { url: kept.short_url, expires_at: Some(kept.expires_at), from_cache: true })
        }
        (Err(_), Some(kept)) => Ok(TrackingLink { url: kept.click_url, expires_at: None, from_cache: true }),
        (Err(error), None) => Err(error),
    }
}

async fn make(
    pool: &SqlitePool,
    client: &JdClient,
    product: &str,
    target: LinkTarget,
    binding: &target::Binding,
) -> Result<TrackingLink, LinkError> {
    let request = PromotionCodeReq::new(product.to_owned(), binding.position_id, binding.sub_union_id.clone());
    let answered = client.promotion_link(&request).await?;
    let expires_at = answered.platform_time + SHORT_LINK_DAYS * 86_400;
    cache::keep(pool, product, target, binding, &answered.value, answered.platform_time, expires_at).await?;
    Ok(TrackingLink { url: answered.value.short_url, expires_at: Some(expires_at), from_cache: false })
}

impl From<LinkError> for AppError {
    fn from(error: LinkError) -> AppError {
        match error {
            LinkError::Platform(e) => e.into(),
            LinkError::Store(e) => e.into(),
            other => AppError::new(ErrorCode::Validation, other.message()),
        }
    }
}

/// Every SQL text the links room builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    cache::built_sql()
}
