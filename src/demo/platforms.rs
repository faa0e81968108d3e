//! The demo's 多多进宝 and 淘宝联盟: each its own sandbox on loopback with a
//! demo account against it, so the demo shows her money on all three
//! platforms. Their orders are generated when the first call comes, as
//! JD's are on any start but the first; before that call is answered, the
//! demo team's partners and groups are given their ids on the platform
//! (those without one yet), as she would have typed them in.

use super::{demo_config, DemoError, DEMO_SUB_UNION_PREFIX};
use crate::account;
use crate::model::{now_epoch, EpochSecs, FormError, GroupId, PartnerId, Platform};
use crate::platform::sandbox::pdd::PddSandbox;
use crate::platform::sandbox::taobao::TaobaoSandbox;
use crate::platform::sandbox::{DEMO_APP_KEY, DEMO_APP_SECRET};
use crate::store::secrets::SecretStore;
use crate::store::Store;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::task::JoinHandle;

/// Orders a day on each of the two: she sells mostly through JD (400 a day).
const ROWS_PER_DAY: u32 = 120;

/// Opens both ports and sets both demo accounts at once; each sandbox is
/// generated when its first call comes. Answers the tasks serving them.
pub async fn start(
    store: &Store,
    secrets: &dyn SecretStore,
    anchor: EpochSecs,
) -> Result<Vec<JoinHandle<()>>, DemoError> {
    let mut started = Vec::new();
    for (platform, path) in [(Platform::Pdd, "/api/router"), (Platform::Taobao, "/router/rest")] {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let gateway = format!("http://{}{path}", listener.local_addr()?);
        account::set(store.pool(), secrets, platform, &gateway, DEMO_APP_KEY, DEMO_APP_SECRET, true).await?;
        started.push(tokio::spawn(serve(platform, listener, anchor, store.clone())));
    }
    Ok(started)
}

async fn serve(platform: Platform, listener: tokio::net::TcpListener, anchor: EpochSecs, store: Store) {
    let listener = super::FirstCaller::wait(listener).await;
    let mut config = demo_config(anchor, now_epoch());
    config.rows_per_day = ROWS_PER_DAY;
    match platform {
        Platform::Pdd => {
            let Ok(sandbox) = tokio::task::spawn_blocking(move || Arc::new(PddSandbox::new(config))).await else {
                return;
            };
            // Each person's `uid` is a demo partner's sub-union id.
            let persons: Vec<String> = sandbox
                .dataset
                .persons
                .iter()
                .filter_map(|person| crate::team::platform_ids::person_key(Platform::Pdd, person))
                .collect();
            give_ids(&store, Platform::Pdd, &persons, &sandbox.dataset.places).await;
            drop(store);
            sandbox.clock.advance(now_epoch() - sandbox.clock.now());
            crate::platform::sandbox::answer(sandbox, listener).await;
        }
        Platform::Taobao => {
            let Ok(sandbox) = tokio::task::spawn_blocking(move || Arc::new(TaobaoSandbox::new(config))).await else {
                return;
            };
            let text = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>();
            give_ids(&store, Platform::Taobao, &text(&sandbox.dataset.relations), &text(&sandbox.dataset.adzones))
                .await;
            drop(store);
            sandbox.clock.advance(now_epoch() - sandbox.clock.now());
            crate::platform::sandbox::answer(sandbox, listener).await;
        }
        Platform::Jd => {}
    }
}

/// The demo team's ids on `platform`: partners (by sub-union id) take
/// `persons` in order, groups (by id) take `places`, each only if it has
/// none there yet, so a restart changes nothing.
async fn give_ids(store: &Store, platform: Platform, persons: &[String], places: &[String]) {
    if let Err(error) = try_give_ids(store, platform, persons, places).await {
        tracing::error!(%platform, %error, "cannot give the demo team its ids");
    }
}

async fn try_give_ids(
    store: &Store,
    platform: Platform,
    persons: &[String],
    places: &[String],
) -> Result<(), FormError> {
    #[derive(sqlx::FromRow)]
    struct Owner {
        id: i64,
    }
    let mut tx = crate::store::begin_write(store.pool()).await?;
    let partners: Vec<Owner> = sqlx::query_as(
        "SELECT p.id FROM partners p
         WHERE p.sub_union_id LIKE ?1 || '%' AND p.is_placeholder = 0
           AND NOT EXISTS (SELECT 1 FROM partner_platform_ids i WHERE i.partner_id = p.id AND i.platform = ?2)
         ORDER BY p.sub_union_id",
    )
    .bind(DEMO_SUB_UNION_PREFIX)
    .bind(platform)
    .fetch_all(&mut *tx)
    .await?;
    let taken_persons: Vec<String> = sqlx::query_scalar("SELECT person FROM partner_platform_ids WHERE platform = ?1")
        .bind(platform)
        .fetch_all(&mut *tx)
        .await?;
    let free_persons = persons.iter().filter(|p| !taken_persons.contains(p));
    for (partner, person) in partners.iter().zip(free_persons) {
        crate::team::platform_ids::claim(&mut tx, PartnerId(partner.id), platform, Some(person)).await?;
    }
    let groups: Vec<Owner> = sqlx::query_as(
        "SELECT g.id FROM groups g
         WHERE g.is_placeholder = 0 AND g.position_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM group_platform_ids i WHERE i.group_id = g.id AND i.platform = ?1)
         ORDER BY g.id",
    )
    .bind(platform)
    .fetch_all(&mut *tx)
    .await?;
    let taken_places: Vec<String> = sqlx::query_scalar("SELECT place FROM group_platform_ids WHERE platform = ?1")
        .bind(platform)
        .fetch_all(&mut *tx)
        .await?;
    let free_places = places.iter().filter(|p| !taken_places.contains(p));
    for (group, place) in groups.iter().zip(free_places) {
        crate::groups::platform_ids::claim(&mut tx, GroupId(group.id), platform, Some(place)).await?;
    }
    tx.commit().await?;
    Ok(())
}
