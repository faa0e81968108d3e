//! The partners a range's report names one by one, found without summing
//! every partner's days.
//!
//! A threshold algorithm over `partner_month_ceiling`: each month the range
//! touches lists its partners by ceiling, highest first. Pages are read
//! from every list in turn and each partner met is summed exactly over the
//! range (`partner_daily`). A partner not met yet can reach at most the sum
//! of the ceilings where each list was left, so reading stops once the
//! last named partner is above that bound. On real data (a few partners
//! earn most) that is a few hundred partners, not the whole team.
//!
//! One platform's report walks the same lists kept per platform
//! (`partner_platform_*`), so that every partner's money there is ranked
//! the same way without summing the platform's raw rows.

use crate::model::{BizDay, Money, Platform};
use sqlx::SqlitePool;
use std::collections::HashSet;

type Range = (BizDay, BizDay);

/// Rows read from each month's list per round.
const PAGE: i64 = 128;

/// One partner's own figures over the range.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct PartnerFigures {
    pub id: i64,
    pub estimate: Money,
    pub actual: Money,
    pub orders: i64,
}

/// Every partner's figures over the range, summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct AllPartners {
    pub estimate: i64,
    pub actual: i64,
    pub orders: i64,
}

/// The `limit` partners with the largest estimate over the range (ties by
/// id), largest first, and what all partners made together: on every
/// platform, or on `platform`'s alone.
pub(super) async fn top_partners(
    pool: &SqlitePool,
    platform: Option<Platform>,
    range: Range,
    limit: usize,
) -> Result<(Vec<PartnerFigures>, AllPartners), sqlx::Error> {
    let mut lists: Vec<MonthList> = months(range).map(|month| MonthList::new(platform, month)).collect();
    let mut met = HashSet::new();
    let mut summed: Vec<PartnerFigures> = Vec::new();
    loop {
        let mut fresh = Vec::new();
        for list in lists.iter_mut().filter(|list| !list.read_all) {
            fresh.extend(list.next_page(pool).await?.into_iter().filter(|id| met.insert(*id)));
        }
        if !fresh.is_empty() {
            summed.extend(figures_of(pool, platform, &fresh, range).await?);
            summed.sort_by(|a, b| b.estimate.cmp(&a.estimate).then(a.id.cmp(&b.id)));
            summed.truncate(limit);
        }
        let unmet_at_most = lists.iter().map(MonthList::unread_at_most).fold(0_i64, i64::saturating_add);
        let last_named_is_above =
            summed.len() == limit && summed.last().is_some_and(|p| p.estimate.fen() > unmet_at_most);
        if last_named_is_above || lists.iter().all(|list| list.read_all) {
            break;
        }
    }
    Ok((summed, all_partners(pool, platform, range).await?))
}

/// One month's partners by ceiling, read a page at a time.
struct MonthList {
    platform: Option<Platform>,
    month: i64,
    /// The (ceiling, partner) the last page ended on.
    after: Option<(i64, i64)>,
    read_all: bool,
}

impl MonthList {
    fn new(platform: Option<Platform>, month: i64) -> MonthList {
        MonthList { platform, month, after: None, read_all: false }
    }

    /// What a partner this list has not reached yet can make in its month.
    fn unread_at_most(&self) -> i64 {
        match self.after {
            _ if self.read_all => 0,
            Some((ceiling, _)) => ceiling.max(0),
            None => i64::MAX,
        }
    }

    async fn next_page(&mut self, pool: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
        let (ceiling, partner) = self.after.unwrap_or((i64::MAX, i64::MIN));
        #[derive(sqlx::FromRow)]
        struct Ceiling {
            ceiling_fen: i64,
            partner_id: i64,
        }
        let query =
            sqlx::query_as(scoped(self.platform, CEILINGS)).bind(self.month).bind(ceiling).bind(partner).bind(PAGE);
        let page: Vec<Ceiling> = on_platform(query, self.platform).fetch_all(pool).await?;
        self.read_all = page.len() < PAGE as usize;
        if let Some(last) = page.last() {
            self.after = Some((last.ceiling_fen, last.partner_id));
        }
        Ok(page.into_iter().map(|c| c.partner_id).collect())
    }
}

/// The `yyyymm` of every month the range touches.
fn months((from, to): Range) -> impl Iterator<Item = i64> {
    let last = to.as_int() / 100;
    std::iter::successors(Some(from.as_int() / 100), |m| Some(if m % 100 >= 12 { m + 89 } else { m + 1 }))
        .take_while(move |m| *m <= last)
}

/// The exact figures over the range of each of `ids` that has any.
async fn figures_of(
    pool: &SqlitePool,
    platform: Option<Platform>,
    ids: &[i64],
    (from, to): Range,
) -> Result<Vec<PartnerFigures>, sqlx::Error> {
    let ids = serde_json::Value::from(ids.to_vec()).to_string();
    let query = sqlx::query_as(scoped(platform, FIGURES)).bind(ids).bind(from).bind(to);
    on_platform(query, platform).fetch_all(pool).await
}

async fn all_partners(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): Range,
) -> Result<AllPartners, sqlx::Error> {
    let query = sqlx::query_as(scoped(platform, ALL_PARTNERS)).bind(from).bind(to);
    on_platform(query, platform).fetch_one(pool).await
}

/// Each read as `[of every platform, of one]`: the second names the platform
/// in the parameter after the ones both share.
type Scoped = [&'static str; 2];

/// A month's partners by ceiling, a page after (`?2`, `?3`).
const CEILINGS: Scoped = [
    "SELECT ceiling_fen, partner_id FROM partner_month_ceiling
     WHERE month = ?1 AND ceiling_fen <= ?2 AND NOT (ceiling_fen = ?2 AND partner_id <= ?3)
     ORDER BY ceiling_fen DESC, partner_id LIMIT ?4",
    "SELECT ceiling_fen, partner_id FROM partner_platform_month_ceiling
     WHERE platform = ?5 AND month = ?1 AND ceiling_fen <= ?2 AND NOT (ceiling_fen = ?2 AND partner_id <= ?3)
     ORDER BY ceiling_fen DESC, partner_id LIMIT ?4",
];

/// The figures of the partners `?1` (a JSON array) over `?2..?3`.
const FIGURES: Scoped = [
    "SELECT partner_id AS id, SUM(estimate_fee_fen) AS estimate, SUM(actual_fee_fen) AS actual, SUM(orders) AS orders
     FROM partner_daily WHERE partner_id IN (SELECT value FROM json_each(?1)) AND day BETWEEN ?2 AND ?3
     GROUP BY partner_id",
    "SELECT partner_id AS id, SUM(estimate_fee_fen) AS estimate, SUM(actual_fee_fen) AS actual, SUM(orders) AS orders
     FROM partner_platform_daily
     WHERE platform = ?4 AND partner_id IN (SELECT value FROM json_each(?1)) AND day BETWEEN ?2 AND ?3
     GROUP BY partner_id",
];

/// Every partner's figures over `?1..?2`.
const ALL_PARTNERS: Scoped = [
    "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(actual_fee_fen), 0) AS actual,
            COALESCE(SUM(orders), 0) AS orders
     FROM partner_day_totals WHERE day BETWEEN ?1 AND ?2",
    "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(actual_fee_fen), 0) AS actual,
            COALESCE(SUM(orders), 0) AS orders
     FROM partner_platform_day_totals WHERE platform = ?3 AND day BETWEEN ?1 AND ?2",
];

fn scoped(platform: Option<Platform>, [every, one]: Scoped) -> &'static str {
    if platform.is_some() {
        one
    } else {
        every
    }
}

/// Binds the platform last, for the read of one platform.
fn on_platform<'q, O>(query: PlatformQuery<'q, O>, platform: Option<Platform>) -> PlatformQuery<'q, O> {
    match platform {
        Some(platform) => query.bind(platform),
        None => query,
    }
}

type PlatformQuery<'q, O> = sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::temp_store;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a day")
    }

    #[test]
    fn months_step_across_a_year() {
        let got: Vec<i64> = months((day("2025-11-30"), day("2026-02-01"))).collect();
        assert_eq!(got, vec![202511, 202512, 202601, 202602]);
        assert_eq!(months((day("2026-03-05"), day("2026-03-05"))).collect::<Vec<_>>(), vec![202603]);
    }

    /// Partners whose months lie mostly outside the range, negative days and
    /// ties, on three platforms: the ranking of every platform and of each
    /// must equal summing every partner's days there.
    #[tokio::test]
    async fn the_top_equals_summing_every_partners_days() {
        let (_dir, store) = temp_store().await;
        let pool = store.pool();
        let mut seed: u64 = 7;
        let mut draw = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for id in 1..=400_i64 {
            sqlx::query(
                "INSERT INTO partners (id, name, role, sub_union_id, created_at) VALUES (?1, ?2, 'member', ?3, 0)",
            )
            .bind(id)
            .bind(format!("伙伴{id}"))
            .bind(format!("p{id}"))
            .execute(pool)
            .await
            .expect("a partner");
        }
        let start = day("2026-01-01");
        let mut tx = crate::store::begin_write(pool).await.expect("a transaction");
        for _ in 0..9000 {
            let partner = 1 + ((draw(400) * draw(400)) / 400) as i64;
            let on = start.add_days(draw(120) as i64);
            let platform = Platform::ALL[draw(3) as usize];
            // Ties on purpose (amounts in whole yuan) and now and then a
            // negative adjustment.
            let estimate = if draw(20) == 0 { -100 * draw(30) as i64 } else { 100 * draw(50) as i64 };
            sqlx::query(
                "INSERT INTO partner_platform_daily (platform, partner_id, day, orders, estimate_fee_fen, actual_fee_fen)
                 VALUES (?1, ?2, ?3, 1, ?4, ?4)
                 ON CONFLICT (platform, partner_id, day) DO UPDATE SET orders = orders + 1,
                     estimate_fee_fen = estimate_fee_fen + excluded.estimate_fee_fen,
                     actual_fee_fen = actual_fee_fen + excluded.actual_fee_fen",
            )
            .bind(platform)
            .bind(partner)
            .bind(on)
            .bind(estimate)
            .execute(&mut *tx)
            .await
            .expect("a day");
        }
        tx.commit().await.expect("the days");
        sqlx::raw_sql(
            "INSERT INTO partner_daily (partner_id, day, orders, estimate_fee_fen, actual_fee_fen)
             SELECT partner_id, day, SUM(orders), SUM(estimate_fee_fen), SUM(actual_fee_fen)
             FROM partner_platform_daily GROUP BY partner_id, day;
             INSERT INTO partner_month_ceiling (month, partner_id, ceiling_fen)
             SELECT day / 100, partner_id, SUM(MAX(estimate_fee_fen, 0)) FROM partner_daily GROUP BY day / 100, partner_id;
             INSERT INTO partner_day_totals (day, orders, estimate_fee_fen, actual_fee_fen)
             SELECT day, SUM(orders), SUM(estimate_fee_fen), SUM(actual_fee_fen) FROM partner_daily GROUP BY day;
             INSERT INTO partner_platform_month_ceiling (platform, month, partner_id, ceiling_fen)
             SELECT platform, day / 100, partner_id, SUM(MAX(estimate_fee_fen, 0)) FROM partner_platform_daily
             GROUP BY platform, day / 100, partner_id;
             INSERT INTO partner_platform_day_totals (platform, day, orders, estimate_fee_fen, actual_fee_fen)
             SELECT platform, day, SUM(orders), SUM(estimate_fee_fen), SUM(actual_fee_fen) FROM partner_platform_daily
             GROUP BY platform, day;",
        )
        .execute(pool)
        .await
        .expect("the ranking rollups");
        let scopes = [None, Some(Platform::Jd), Some(Platform::Pdd), Some(Platform::Taobao)];
        for (from, to, limit) in [
            ("2026-01-15", "2026-02-10", 5),
            ("2026-02-27", "2026-03-02", 3),
            ("2026-01-01", "2026-04-30", 100),
            ("2026-03-31", "2026-03-31", 10),
            ("2026-06-01", "2026-06-30", 10),
        ] {
            for platform in scopes {
                let range = (day(from), day(to));
                let (top, all) = top_partners(pool, platform, range, limit).await.expect("ranked");
                let every: Vec<PartnerFigures> = sqlx::query_as(
                    "SELECT partner_id AS id, SUM(estimate_fee_fen) AS estimate, SUM(actual_fee_fen) AS actual,
                            SUM(orders) AS orders
                     FROM partner_platform_daily WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)
                     GROUP BY partner_id ORDER BY SUM(estimate_fee_fen) DESC, partner_id",
                )
                .bind(range.0)
                .bind(range.1)
                .bind(platform)
                .fetch_all(pool)
                .await
                .expect("every partner");
                let case = format!("{from}..{to} top {limit} of {platform:?}");
                assert_eq!(top, every.iter().take(limit).cloned().collect::<Vec<_>>(), "{case}");
                let sum = |f: fn(&PartnerFigures) -> i64| every.iter().map(f).sum::<i64>();
                assert_eq!(
                    all,
                    AllPartners {
                        estimate: sum(|p| p.estimate.fen()),
                        actual: sum(|p| p.actual.fen()),
                        orders: sum(|p| p.orders)
                    },
                    "{case}: all"
                );
            }
        }
    }
}
