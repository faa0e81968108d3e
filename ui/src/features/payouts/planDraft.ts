// The plan form's draft: text as she types it, turned into what the engine
// checks. A stored version fills the draft back in, dated today.
import type { PartnerRole } from "../../bindings/PartnerRole";
import type { PayoutPlan } from "../../bindings/PayoutPlan";
import type { PayoutPlanInput } from "../../bindings/PayoutPlanInput";
import { rateText, yuanText } from "./amounts";

export const ROLES: PartnerRole[] = ["leader", "shopkeeper", "maker", "pusher", "member"];

/** Above what the engine takes (180): a day count that is not one is refused there, at its field. */
const NOT_A_DAY_COUNT = 65_535;

export type TermDraft = { partner: number; name: string; ownRate: string; minimum: string };

export type PlanDraft = {
  ownRate: string;
  roleRates: Record<PartnerRole, string>;
  terms: TermDraft[];
  upline: boolean;
  overrideRate: string;
  minimum: string;
  holdDays: string;
  effectiveFrom: string;
};

export function draftOf(plan: PayoutPlan | null, today: string): PlanDraft {
  const roleRates = Object.fromEntries(ROLES.map((r) => [r, ""])) as Record<PartnerRole, string>;
  for (const r of plan?.roleRates ?? []) roleRates[r.role] = rateText(r.ownRate);
  return {
    ownRate: plan ? rateText(plan.ownRate) : "",
    roleRates,
    terms: (plan?.partnerTerms ?? []).map((t) => ({
      partner: t.partner,
      name: t.name,
      ownRate: t.ownRate === null ? "" : rateText(t.ownRate),
      minimum: t.minimum === null ? "" : yuanText(t.minimum),
    })),
    upline: plan?.overrideRate != null,
    overrideRate: plan?.overrideRate != null ? rateText(plan.overrideRate) : "",
    minimum: plan ? yuanText(plan.minimum) : "",
    holdDays: plan ? String(plan.holdDays) : "0",
    effectiveFrom: today,
  };
}

export function inputOf(draft: PlanDraft): PayoutPlanInput {
  const days = /^\s*\d+\s*$/.test(draft.holdDays) ? Number(draft.holdDays) : draft.holdDays.trim() ? NaN : 0;
  return {
    ownRate: draft.ownRate,
    roleRates: ROLES.filter((r) => draft.roleRates[r].trim() !== "").map((role) => ({
      role,
      ownRate: draft.roleRates[role],
    })),
    partnerTerms: draft.terms.map((t) => ({
      partner: t.partner,
      ownRate: t.ownRate.trim() ? t.ownRate : null,
      minimum: t.minimum.trim() ? t.minimum : null,
    })),
    overrideRate: draft.upline ? draft.overrideRate : null,
    overrideLevels: draft.upline ? 1 : 0,
    minimum: draft.minimum,
    holdDays: Number.isFinite(days) && days <= NOT_A_DAY_COUNT ? days : NOT_A_DAY_COUNT,
    effectiveFrom: draft.effectiveFrom || null,
  };
}
