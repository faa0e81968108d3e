import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorMessage, isAppError } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { CheckItem } from "../../bindings/CheckItem";
import type { GroupKind } from "../../bindings/GroupKind";
import type { Plan } from "../../bindings/Plan";
import type { PlanDraft } from "../../bindings/PlanDraft";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { useI18n, type MessageKey } from "../../i18n";

const KINDS: GroupKind[] = ["sales", "training", "deals", "other"];
const CHECKS: CheckItem[] = [
  "morning_greeting",
  "noon_post",
  "evening_post",
  "training",
  "red_packet",
  "order_showcase",
];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const PAGE = { offset: 0, limit: 500 };

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
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<PlanDraft>(plan?.draft ?? blankPlan());
  const set = (change: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...change }));
  const groups = useQuery({
    queryKey: [...keys.groups.all, "plan-groups"],
    queryFn: () => api.listGroups(false, PAGE),
  });
  const materials = useQuery({
    queryKey: [...keys.materials.all, "plan-kits"],
    queryFn: () => api.listMaterials({ folder_id: null, tag: null, kind: null, archived: false }, PAGE),
  });
  const save = useMutation({
    mutationFn: () => (plan ? api.updatePlan(plan.id, draft) : api.createPlan(draft)),
    onSuccess: async () => {
      await invalidate(keys.posting.all);
      onClose();
    },
  });
  const fieldError = (field: string) =>
    isAppError(save.error) && save.error.field === field ? tm(errorMessage(save.error)) : null;
  const otherError = isAppError(save.error) && save.error.field ? null : save.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const audience = draft.audience;
  const chosen = audience.by === "groups" ? audience.ids : [];
  const realGroups = (groups.data?.items ?? []).filter((g) => !g.is_placeholder);
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
          maxLength={60}
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
      <Field label={t("posting.audience")} error={fieldError("audience")} wide>
        <select
          name="audienceBy"
          value={audience.by}
          onChange={(e) => {
            const by = e.target.value;
            set({
              audience:
                by === "kind"
                  ? { by: "kind", kind: "sales" }
                  : by === "tag"
                    ? { by: "tag", tag: "" }
                    : { by: "groups", ids: [] },
            });
          }}
        >
          <option value="kind">{t("posting.byKind")}</option>
          <option value="tag">{t("posting.byTag")}</option>
          <option value="groups">{t("posting.byGroups")}</option>
        </select>
      </Field>
      {audience.by === "kind" && (
        <Field label={t("posting.groupKind")} error={null}>
          <select
            name="kind"
            value={audience.kind}
            onChange={(e) => set({ audience: { by: "kind", kind: e.target.value as GroupKind } })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {audience.by === "tag" && (
        <Field label={t("posting.groupTag")} error={null}>
          <input
            name="tag"
            value={audience.tag}
            onChange={(e) => set({ audience: { by: "tag", tag: e.target.value } })}
            maxLength={30}
          />
        </Field>
      )}
      {audience.by === "groups" && (
        <fieldset className="wide checks">
          <legend>{t("posting.chooseGroups")}</legend>
          {realGroups.length === 0 && <p className="muted">{t("posting.noGroupsYet")}</p>}
          {realGroups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(g.id)}
                onChange={(e) =>
                  set({
                    audience: {
                      by: "groups",
                      ids: e.target.checked ? [...chosen, g.id] : chosen.filter((id) => id !== g.id),
                    },
                  })
                }
              />
              {g.name}
            </label>
          ))}
        </fieldset>
      )}
      <Field label={t("posting.cadence")} error={null}>
        <select
          name="cadence"
          value={draft.cadence}
          onChange={(e) => set({ cadence: e.target.value as PlanDraft["cadence"] })}
        >
          <option value="daily">{t("posting.daily")}</option>
          <option value="weekdays">{t("posting.weekdays")}</option>
          <option value="once">{t("posting.once")}</option>
        </select>
      </Field>
      {draft.cadence === "weekdays" && (
        <fieldset className="wide checks">
          <legend>{t("posting.whichWeekdays")}</legend>
          {WEEKDAYS.map((n) => (
            <label key={n} className="check">
              <input
                type="checkbox"
                checked={draft.weekdays.includes(n)}
                onChange={(e) =>
                  set({
                    weekdays: e.target.checked ? [...draft.weekdays, n].sort() : draft.weekdays.filter((d) => d !== n),
                  })
                }
              />
              {t(`weekday.${n}` as MessageKey)}
            </label>
          ))}
          {fieldError("weekdays") && <span className="field-error">{fieldError("weekdays")}</span>}
        </fieldset>
      )}
      <Field label={t("posting.start")} error={null}>
        <select name="start" value={draft.start} onChange={(e) => set({ start: e.target.value as PlanDraft["start"] })}>
          <option value="on">{t("posting.startOn")}</option>
          <option value="group_created">{t("posting.startGroupCreated")}</option>
          <option value="campaign">{t("posting.startCampaign")}</option>
        </select>
      </Field>
      {draft.start !== "group_created" && (
        <Field
          label={draft.start === "campaign" ? t("posting.campaignDay") : t("posting.firstDay")}
          error={fieldError("start_on")}
        >
          <input
            name="startOn"
            type="date"
            value={draft.start_on ?? ""}
            onChange={(e) => set({ start_on: e.target.value || null })}
          />
        </Field>
      )}
      {draft.start !== "on" && (
        <Field label={t("posting.afterDays")} error={fieldError("after_days")}>
          <input
            name="afterDays"
            type="number"
            value={draft.after_days}
            onChange={(e) => set({ after_days: Number(e.target.value) })}
          />
        </Field>
      )}
      <Field label={t("posting.ends")} error={null}>
        <select name="ends" value={draft.ends} onChange={(e) => set({ ends: e.target.value as PlanDraft["ends"] })}>
          <option value="never">{t("posting.endsNever")}</option>
          <option value="until">{t("posting.endsUntil")}</option>
          <option value="times">{t("posting.endsTimes")}</option>
        </select>
      </Field>
      {draft.ends === "until" && (
        <Field label={t("posting.lastDay")} error={fieldError("ends_on")}>
          <input
            name="endsOn"
            type="date"
            value={draft.ends_on ?? ""}
            onChange={(e) => set({ ends_on: e.target.value || null })}
          />
        </Field>
      )}
      {draft.ends === "times" && (
        <Field label={t("posting.times")} error={fieldError("times")}>
          <input
            name="times"
            type="number"
            value={draft.times ?? ""}
            onChange={(e) => set({ times: e.target.value === "" ? null : Number(e.target.value) })}
          />
        </Field>
      )}
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
      {otherError && <ErrorNotice error={otherError} />}
      <div className="wide inline">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("posting.savePlan")}
        </button>
        <button type="button" onClick={onClose}>
          {t("posting.cancel")}
        </button>
      </div>
    </form>
  );
}
