import { useState, type FormEvent } from "react";
import type { PayoutPlan } from "../../bindings/PayoutPlan";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n, type MessageKey } from "../../i18n";
import { beijingToday } from "./amounts";
import { PartnerTermsFields } from "./PartnerTermsFields";
import { draftOf, inputOf, ROLES, type PlanDraft } from "./planDraft";
import { PlanPreviewLine } from "./PlanPreviewLine";
import { useSetPlan } from "./queries";
import { UplineWarning } from "./UplineWarning";

/** The fields the engine names in a refusal of a plan. */
const FIELDS = [
  "ownRate",
  "roleRates",
  "partnerTerms",
  "overrideRate",
  "overrideLevels",
  "minimum",
  "holdDays",
  "effectiveFrom",
] as const;

// The plan: each partner's share of her own settled sales, by role or by
// name; an upline share only when she turns it on, with the law's warning;
// the smallest payout and the days to hold. There is deliberately no field
// for pay per recruit, joining fees or buying to qualify.
export function PlanEditor({ plan, onClose }: { plan: PayoutPlan | null; onClose?: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PlanDraft>(() => draftOf(plan, beijingToday(new Date())));
  const set = (change: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...change }));
  const save = useSetPlan(() => onClose?.());
  const { fieldError, formError } = useFormErrors(save.error, FIELDS);
  const input = inputOf(draft);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(input);
  };

  return (
    <form className="form plan-editor" onSubmit={submit} aria-label={t("payout.plan.editor")} data-testid="payout-plan">
      <Field label={t("payout.plan.ownRate")} error={fieldError("ownRate")}>
        <input
          name="ownRate"
          inputMode="decimal"
          value={draft.ownRate}
          onChange={(e) => set({ ownRate: e.target.value })}
          required
        />
      </Field>
      <fieldset className="wide">
        <legend>{t("payout.plan.roleRates")}</legend>
        <p className="muted">{t("payout.plan.roleRatesHint")}</p>
        <div className="inline">
          {ROLES.map((role) => (
            <label key={role}>
              {t(`role.${role}` as MessageKey)}
              <input
                name={`role-${role}`}
                inputMode="decimal"
                size={6}
                value={draft.roleRates[role]}
                onChange={(e) => set({ roleRates: { ...draft.roleRates, [role]: e.target.value } })}
              />
            </label>
          ))}
        </div>
        {fieldError("roleRates") && <span className="field-error">{fieldError("roleRates")}</span>}
      </fieldset>
      <PartnerTermsFields terms={draft.terms} onChange={(terms) => set({ terms })} error={fieldError("partnerTerms")} />
      <Field label={t("payout.plan.minimum")} error={fieldError("minimum")}>
        <input
          name="minimum"
          inputMode="decimal"
          value={draft.minimum}
          onChange={(e) => set({ minimum: e.target.value })}
        />
      </Field>
      <Field label={t("payout.plan.holdDays")} error={fieldError("holdDays")}>
        <input
          name="holdDays"
          type="number"
          min={0}
          step={1}
          value={draft.holdDays}
          onChange={(e) => set({ holdDays: e.target.value })}
        />
      </Field>
      <Field label={t("payout.plan.effectiveFrom")} error={fieldError("effectiveFrom")}>
        <input
          name="effectiveFrom"
          type="date"
          value={draft.effectiveFrom}
          onChange={(e) => set({ effectiveFrom: e.target.value })}
        />
      </Field>
      <div className="wide">
        <label className="inline">
          <input
            type="checkbox"
            name="upline"
            checked={draft.upline}
            onChange={(e) => set({ upline: e.target.checked })}
          />
          {t("payout.plan.upline")}
        </label>
        {fieldError("overrideLevels") && <span className="field-error">{fieldError("overrideLevels")}</span>}
      </div>
      {draft.upline && (
        <>
          <Field label={t("payout.plan.overrideRate")} error={fieldError("overrideRate")}>
            <input
              name="overrideRate"
              inputMode="decimal"
              value={draft.overrideRate}
              onChange={(e) => set({ overrideRate: e.target.value })}
            />
          </Field>
          <UplineWarning />
        </>
      )}
      <PlanPreviewLine plan={input} />
      <FormActions disabled={save.isPending} onCancel={onClose} error={formError} saveLabel="payout.plan.save" />
    </form>
  );
}
