import { useState, type FormEvent } from "react";
import type { CheckItem } from "../../bindings/CheckItem";
import type { Plan } from "../../bindings/Plan";
import type { PlanDraft } from "../../bindings/PlanDraft";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n, type MessageKey } from "../../i18n";
import { AudienceFields } from "./PlanFields";
import { WhenFields } from "./PlanWhen";
import { usePlanKits, useSavePlan } from "./queries";
import { PLAN_TITLE_CHARS } from "../../bindings/limits";

const CHECKS: CheckItem[] = [
  "morning_greeting",
  "noon_post",
  "evening_post",
  "training",
  "red_packet",
  "order_showcase",
];

/** Today in Beijing, as the form writes a day. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The checklist item a post at `time` most likely is. */
export function ticksFor(time: string): CheckItem | null {
  const hour = Number(time.split(":")[0]);
  if (Number.isNaN(hour)) return null;
  if (hour < 11) return "morning_greeting";
  if (hour < 15) return "noon_post";
  if (hour >= 18) return "evening_post";
  return null;
}

export function blankPlan(): PlanDraft {
  return {
    title: "",
    audience: { by: "kind", kind: "sales" },
    cadence: "daily",
    weekdays: [],
    start: "on",
    start_on: beijingToday(),
    after_days: 0,
    ends: "never",
    ends_on: null,
    times: null,
    time: "12:00",
    material_id: null,
    ticks: "noon_post",
  };
}

// A plan: which groups, which days, what time, which kit, and the warmth
// checklist item a post ticks. Refusals show at their field; the draft stays.
export function PlanEditor({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const { t, tm } = useI18n();
  const [draft, setDraft] = useState<PlanDraft>(plan?.draft ?? blankPlan());
  const set = (change: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...change }));
  const materials = usePlanKits();
  const save = useSavePlan(plan, onClose);
  const { fieldError, formError } = useFormErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const kits = [...(materials.data?.items ?? [])].sort(
    (a, b) => Number(b.kind === "daily_kit") - Number(a.kind === "daily_kit"),
  );

  return (
    <form
      className="form plan-editor"
      onSubmit={submit}
      aria-label={t("posting.editorTitle")}
      data-testid="plan-editor"
    >
      <h3 className="wide">{plan ? t("posting.editPlan") : t("posting.newPlan")}</h3>
      <Field label={t("posting.planTitle")} error={fieldError("title")}>
        <input
          name="title"
          value={draft.title}
          onChange={(e) => set({ title: e.target.value })}
          maxLength={PLAN_TITLE_CHARS}
          autoFocus
        />
      </Field>
      <Field label={t("posting.time")} error={fieldError("time")}>
        <input
          name="time"
          type="time"
          value={draft.time}
          onChange={(e) =>
            set({
              time: e.target.value,
              ticks: draft.ticks === ticksFor(draft.time) ? ticksFor(e.target.value) : draft.ticks,
            })
          }
          required
        />
      </Field>
      <AudienceFields draft={draft} set={set} fieldError={fieldError} />
      <WhenFields draft={draft} set={set} fieldError={fieldError} />
      <Field label={t("posting.material")} error={fieldError("material_id")} wide>
        <select
          name="material"
          value={draft.material_id ?? ""}
          onChange={(e) => set({ material_id: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">{t("posting.remindOnly")}</option>
          {plan?.problem && draft.material_id !== null && !kits.some((m) => m.id === draft.material_id) && (
            <option value={draft.material_id}>
              {t("posting.archivedChoice", { title: plan.material_title ?? "" })}
            </option>
          )}
          {kits.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("posting.ticks")} error={null}>
        <select
          name="ticks"
          value={draft.ticks ?? ""}
          onChange={(e) => set({ ticks: e.target.value === "" ? null : (e.target.value as CheckItem) })}
        >
          <option value="">{t("posting.ticksNone")}</option>
          {CHECKS.map((c) => (
            <option key={c} value={c}>
              {t(`check.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      {plan?.problem && <p className="wide notice-error">{tm(plan.problem)}</p>}
      {formError && <ErrorNotice error={formError} />}
      <FormActions disabled={save.isPending} onCancel={onClose} saveLabel="posting.savePlan" />
    </form>
  );
}
