//! The payout plan: what share of her own settled commission each partner
//! earns, by role or by name, and an optional upline share. A plan is a
//! versioned snapshot; a new version applies to orders from its date.
//!
//! The law shapes what a plan can say (禁止传销条例 §7, 两高一部意见 2013,
//! `../docs/DOMAIN.md`): pay follows a partner's own sales; an upline share
//! on a direct downline's sales is opt-in and one level only, so no pay
//! relationship reaches deeper than three levels counting her; and there is
//! no field for pay per recruit, joining fees or buying to qualify.

use super::audit;
use crate::model::{
    BizDay, BizMonth, EpochSecs, FormError, Message, Money, PartnerId, PartnerRole, PayoutActor, RatePct,
};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

/// 100 %, in hundredths of a percent.
pub const WHOLE: i64 = 10_000;
/// Levels of a pay relationship counting her: her, a partner, the partner's
/// direct downline. The 2013 opinion counts the organiser's own level and
/// "以上" includes the number, so a fourth level is refused.
pub const MAX_LEVELS: u8 = 3;
/// Upline shares: one level (the upline of the partner who sold).
pub const MAX_OVERRIDE_LEVELS: u8 = MAX_LEVELS - 2;
const MAX_MINIMUM_FEN: i64 = 100_000_000;
pub const MAX_HOLD_DAYS: u16 = 180;
/// Per-partner terms in one version; a team of 100,000 names few of them.
const MAX_PARTNER_TERMS: usize = 5_000;

/// The plan as a form sends it: rates and amounts as the text she typed.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[ts(export, rename = "PayoutPlanInput")]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    /// Percent of her settled commission on a partner's own orders.
    pub own_rate: String,
    #[serde(default)]
    pub role_rates: Vec<RoleRateInput>,
    #[serde(default)]
    pub partner_terms: Vec<PartnerTermsInput>,
    /// The upline's percent of a direct downline's settled commission.
    #[serde(default)]
    pub override_rate: Option<String>,
    #[serde(default)]
    pub override_levels: u8,
    /// Yuan; smaller balances roll over.
    #[serde(default)]
    pub minimum: String,
    #[serde(default)]
    pub hold_days: u16,
    /// Orders from this day; today when absent.
    #[serde(default)]
    pub effective_from: Option<BizDay>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RoleRateInput {
    pub role: PartnerRole,
    pub own_rate: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PartnerTermsInput {
    pub partner: PartnerId,
    #[serde(default)]
    pub own_rate: Option<String>,
    #[serde(default)]
    pub minimum: Option<String>,
}

/// One stored version of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "PayoutPlan")]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub version: i64,
    pub effective_from: BizDay,
    pub own_rate: RatePct,
    pub role_rates: Vec<RoleRate>,
    pub partner_terms: Vec<PartnerTerms>,
    pub override_rate: Option<RatePct>,
    pub minimum: Money,
    pub hold_days: u16,
    #[ts(type = "number")]
    pub created_at: EpochSecs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RoleRate {
    pub role: PartnerRole,
    pub own_rate: RatePct,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PartnerTerms {
    pub partner: PartnerId,
    pub name: String,
    pub own_rate: Option<RatePct>,
    pub minimum: Option<Money>,
}

impl Plan {
    /// A partner's own rate: her own terms, else her role's, else the plan's.
    pub fn own_rate_for(&self, partner: PartnerId, role: Option<PartnerRole>) -> RatePct {
        let named = self.partner_terms.iter().find(|t| t.partner == partner).and_then(|t| t.own_rate);
        let by_role = || role.and_then(|r| self.role_rates.iter().find(|rr| rr.role == r).map(|rr| rr.own_rate));
        named.or_else(by_role).unwrap_or(self.own_rate)
    }

    pub fn minimum_for(&self, partner: PartnerId) -> Money {
        self.partner_terms.iter().find(|t| t.partner == partner).and_then(|t| t.minimum).unwrap_or(self.minimum)
    }

    /// The first day of the month a statement for `month` can be closed:
    /// after the platform's settlement day (the 20th) and the holding days.
    pub fn closable_from(&self, month: BizMonth) -> BizDay {
        month.first_day().add_days(SETTLEMENT_DAY + i64::from(self.hold_days))
    }
}

/// JD settles around the 20th (`docs/DOMAIN.md`); a month closes from the 21st.
const SETTLEMENT_DAY: i64 = 20;

/// Every version, oldest first: the ledger resolves an order's version by
/// its day, and a plan changes a few times a year.
#[derive(Debug, Clone, Default)]
pub struct Plans {
    versions: Vec<Plan>,
}

impl Plans {
    pub fn latest(&self) -> Option<&Plan> {
        self.versions.last()
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// The version for an order placed on `day`: the newest version already
    /// in effect that day; orders before every version's date take the
    /// earliest-dated one (the first plan covers what settles after it).
    pub fn for_day(&self, day: BizDay) -> Option<&Plan> {
        let in_effect = self.versions.iter().filter(|p| p.effective_from <= day).max_by_key(|p| p.version);
        in_effect.or_else(|| self.versions.iter().min_by_key(|p| (p.effective_from, p.version)))
    }

    pub fn by_version(&self, version: i64) -> Option<&Plan> {
        self.versions.iter().find(|p| p.version == version)
    }

    /// The ledger's first month: the month of the earliest-dated version.
    pub fn first_month(&self) -> Option<BizMonth> {
        self.versions.iter().map(|p| p.effective_from).min().map(BizMonth::of)
    }

    pub(crate) fn from_versions(versions: Vec<Plan>) -> Plans {
        Plans { versions }
    }
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    effective_from: BizDay,
    own_rate: RatePct,
    override_rate: Option<RatePct>,
    minimum_fen: Money,
    hold_days: i64,
    created_at: EpochSecs,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    plan_id: i64,
    role: PartnerRole,
    own_rate: RatePct,
}

#[derive(sqlx::FromRow)]
struct TermsRow {
    plan_id: i64,
    partner_id: PartnerId,
    name: String,
    own_rate: Option<RatePct>,
    minimum_fen: Option<Money>,
}

pub async fn load(conn: &mut SqliteConnection) -> Result<Plans, sqlx::Error> {
    let heads: Vec<VersionRow> = sqlx::query_as(
        "SELECT id, effective_from, own_rate, override_rate, minimum_fen, hold_days, created_at
         FROM payout_plans ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let roles: Vec<RoleRow> =
        sqlx::query_as("SELECT plan_id, role, own_rate FROM payout_plan_roles ORDER BY plan_id, role")
            .fetch_all(&mut *conn)
            .await?;
    let terms: Vec<TermsRow> = sqlx::query_as(
        "SELECT t.plan_id, t.partner_id, p.name, t.own_rate, t.minimum_fen
         FROM payout_plan_partners t JOIN partners p ON p.id = t.partner_id ORDER BY t.plan_id, p.name, p.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut role_rates: BTreeMap<i64, Vec<RoleRate>> = BTreeMap::new();
    for row in roles {
        role_rates.entry(row.plan_id).or_default().push(RoleRate { role: row.role, own_rate: row.own_rate });
    }
    let mut partner_terms: BTreeMap<i64, Vec<PartnerTerms>> = BTreeMap::new();
    for row in terms {
        partner_terms.entry(row.plan_id).or_default().push(PartnerTerms {
            partner: row.partner_id,
            name: row.name,
            own_rate: row.own_rate,
            minimum: row.minimum_fen,
        });
    }
    let versions = heads
        .into_iter()
        .map(|head| Plan {
            version: head.id,
            effective_from: head.effective_from,
            own_rate: head.own_rate,
            role_rates: role_rates.remove(&head.id).unwrap_or_default(),
            partner_terms: partner_terms.remove(&head.id).unwrap_or_default(),
            override_rate: head.override_rate,
            minimum: head.minimum_fen,
            hold_days: u16::try_from(head.hold_days).unwrap_or(MAX_HOLD_DAYS),
            created_at: head.created_at,
        })
        .collect();
    Ok(Plans { versions })
}

/// The version in force now (the newest), for the plan editor to start from.
pub async fn current(pool: &sqlx::SqlitePool) -> Result<Option<Plan>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    Ok(load(&mut conn).await?.versions.pop())
}

/// A plan that passed every check, ready to store or to preview.
#[derive(Debug, Clone)]
pub struct CheckedPlan {
    pub effective_from: BizDay,
    pub own_rate: RatePct,
    pub role_rates: Vec<RoleRate>,
    pub partner_terms: Vec<(PartnerId, Option<RatePct>, Option<Money>)>,
    pub override_rate: Option<RatePct>,
    pub minimum: Money,
    pub hold_days: u16,
}

impl CheckedPlan {
    /// The same plan as a version, for a preview that stores nothing.
    pub fn as_version(&self, version: i64, now: EpochSecs) -> Plan {
        Plan {
            version,
            effective_from: self.effective_from,
            own_rate: self.own_rate,
            role_rates: self.role_rates.clone(),
            partner_terms: self
                .partner_terms
                .iter()
                .map(|&(partner, own_rate, minimum)| PartnerTerms { partner, name: String::new(), own_rate, minimum })
                .collect(),
            override_rate: self.override_rate,
            minimum: self.minimum,
            hold_days: self.hold_days,
            created_at: now,
        }
    }
}

/// Every refusal names its field and cites why; `first_open` is the first
/// month still open, before which a new version may not reach back.
pub fn check(input: &PlanInput, today: BizDay, first_open: Option<BizMonth>) -> Result<CheckedPlan, FormError> {
    if input.override_levels > MAX_OVERRIDE_LEVELS {
        return Err(FormError::invalid(
            "overrideLevels",
            Message::new("payout.plan.tooDeep")
                .with("levels", u32::from(input.override_levels) + 2)
                .with("max", MAX_LEVELS),
        ));
    }
    let own_rate = rate("ownRate", &input.own_rate)?;
    // The upline share is on only when asked for with its one level; a rate
    // sent without it is not a share.
    let override_rate = match (&input.override_rate, input.override_levels) {
        (_, 0) => None,
        (Some(text), _) if !text.trim().is_empty() => Some(rate("overrideRate", text)?).filter(|r| r.hundredths() > 0),
        _ => return Err(FormError::invalid("overrideRate", Message::new("payout.plan.overrideRateMissing"))),
    };
    let mut roles: BTreeMap<&'static str, RoleRate> = BTreeMap::new();
    for role_rate in &input.role_rates {
        let own_rate = rate("roleRates", &role_rate.own_rate)?;
        roles.insert(role_rate.role.as_str(), RoleRate { role: role_rate.role, own_rate });
    }
    if input.partner_terms.len() > MAX_PARTNER_TERMS {
        return Err(FormError::invalid(
            "partnerTerms",
            Message::new("payout.plan.tooManyTerms").with("max", MAX_PARTNER_TERMS),
        ));
    }
    let mut terms: BTreeMap<PartnerId, (Option<RatePct>, Option<Money>)> = BTreeMap::new();
    for term in &input.partner_terms {
        let own_rate =
            term.own_rate.as_deref().filter(|t| !t.trim().is_empty()).map(|t| rate("partnerTerms", t)).transpose()?;
        let minimum =
            term.minimum.as_deref().filter(|t| !t.trim().is_empty()).map(|t| amount("partnerTerms", t)).transpose()?;
        terms.insert(term.partner, (own_rate, minimum));
    }
    let highest_own = roles
        .values()
        .map(|r| r.own_rate)
        .chain(terms.values().filter_map(|t| t.0))
        .chain([own_rate])
        .max()
        .unwrap_or(own_rate);
    if let Some(over) = override_rate {
        if highest_own.hundredths() + over.hundredths() > WHOLE {
            return Err(FormError::invalid(
                "overrideRate",
                Message::new("payout.plan.overWhole").with("own", highest_own).with("override", over),
            ));
        }
    }
    let minimum = if input.minimum.trim().is_empty() { Money::ZERO } else { amount("minimum", &input.minimum)? };
    if input.hold_days > MAX_HOLD_DAYS {
        return Err(FormError::invalid("holdDays", Message::new("payout.plan.holdDays").with("max", MAX_HOLD_DAYS)));
    }
    let effective_from = input.effective_from.unwrap_or(today);
    if let Some(open) = first_open {
        if effective_from < open.first_day() {
            return Err(FormError::invalid(
                "effectiveFrom",
                Message::new("payout.plan.beforeOpen").with("first", open.first_day()),
            ));
        }
    }
    Ok(CheckedPlan {
        effective_from,
        own_rate,
        role_rates: roles.into_values().collect(),
        partner_terms: terms.into_iter().map(|(p, (r, m))| (p, r, m)).collect(),
        override_rate,
        minimum,
        hold_days: input.hold_days,
    })
}

/// A percent with at most two decimals, 0–100.
fn rate(field: &'static str, text: &str) -> Result<RatePct, FormError> {
    let rate = RatePct::parse(text)
        .map_err(|_| FormError::invalid(field, Message::new("payout.rate.format").with("text", text)))?;
    if !(0..=WHOLE).contains(&rate.hundredths()) {
        return Err(FormError::invalid(field, Message::new("payout.rate.range").with("text", text)));
    }
    Ok(rate)
}

/// Yuan with at most two decimals (`12.345` is refused, never rounded), at
/// least zero and at most a million.
pub fn amount(field: &'static str, text: &str) -> Result<Money, FormError> {
    let money = Money::parse_yuan(text)
        .map_err(|_| FormError::invalid(field, Message::new("payout.amount.format").with("text", text)))?;
    if !(0..=MAX_MINIMUM_FEN).contains(&money.fen()) {
        return Err(FormError::invalid(field, Message::new("payout.amount.range").with("text", text)));
    }
    Ok(money)
}

/// Stores a checked plan as the next version, with its audit line.
pub async fn store(
    conn: &mut SqliteConnection,
    plan: &CheckedPlan,
    actor: PayoutActor,
    now: EpochSecs,
) -> Result<i64, FormError> {
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO payout_plans (effective_from, own_rate, override_rate, minimum_fen, hold_days, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(plan.effective_from)
    .bind(plan.own_rate)
    .bind(plan.override_rate)
    .bind(plan.minimum)
    .bind(i64::from(plan.hold_days))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for role in &plan.role_rates {
        sqlx::query("INSERT INTO payout_plan_roles (plan_id, role, own_rate) VALUES (?1, ?2, ?3)")
            .bind(version)
            .bind(role.role)
            .bind(role.own_rate)
            .execute(&mut *conn)
            .await?;
    }
    for &(partner, own_rate, minimum) in &plan.partner_terms {
        let written = sqlx::query(
            "INSERT INTO payout_plan_partners (plan_id, partner_id, own_rate, minimum_fen) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(version)
        .bind(partner)
        .bind(own_rate)
        .bind(minimum)
        .execute(&mut *conn)
        .await;
        if let Err(error) = written {
            return Err(if crate::model::is_foreign_key_violation(&error) {
                FormError::invalid("partnerTerms", Message::new("payout.partner.notFound").with("id", partner))
            } else {
                error.into()
            });
        }
    }
    let detail = serde_json::json!({
        "version": version,
        "effective_from": plan.effective_from.as_int(),
        "own_rate": plan.own_rate.hundredths(),
        "role_rates": plan.role_rates.iter().map(|r| (r.role.as_str(), r.own_rate.hundredths())).collect::<BTreeMap<_, _>>(),
        "partner_terms": plan.partner_terms.iter().map(|(p, r, m)| serde_json::json!([p.0, r.map(|r| r.hundredths()), m.map(|m| m.fen())])).collect::<Vec<_>>(),
        "override_rate": plan.override_rate.map(|r| r.hundredths()),
        "minimum_fen": plan.minimum.fen(),
        "hold_days": plan.hold_days,
    });
    audit::record(conn, actor, now, audit::Action::Plan, None, &detail).await?;
    Ok(version)
}
