import type { PlanDraft } from "../../bindings/PlanDraft";
import { Field } from "../../components/Field";
import { Select } from "../../components/Select";
import { useI18n, type MessageKey } from "../../i18n";
import type { PlanFieldProps } from "./PlanFields";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const CADENCES: Record<PlanDraft["cadence"], MessageKey> = {
  daily: "posting.daily",
  weekdays: "posting.weekdays",
  once: "posting.once",
};
const STARTS: Record<PlanDraft["start"], MessageKey> = {
  on: "posting.startOn",
  group_created: "posting.startGroupCreated",
  campaign: "posting.startCampaign",
};
const ENDS: Record<PlanDraft["ends"], MessageKey> = {
  never: "posting.endsNever",
  until: "posting.endsUntil",
  times: "posting.endsTimes",
};

/** A choice's words by its value, in the order written. */
const choicesOf = <T extends string>(words: Record<T, MessageKey>) => Object.keys(words) as T[];

// Which days: the cadence, when it starts and when it ends.
export function WhenFields({ draft, set, fieldError }: PlanFieldProps) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t("posting.cadence")} error={null}>
        <Select
          name="cadence"
          value={draft.cadence}
          choices={choicesOf(CADENCES)}
          word={(c) => t(CADENCES[c])}
          onChoose={(cadence) => set({ cadence })}
        />
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
        <Select
          name="start"
          value={draft.start}
          choices={choicesOf(STARTS)}
          word={(s) => t(STARTS[s])}
          onChoose={(start) => set({ start })}
        />
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
        <Select
          name="ends"
          value={draft.ends}
          choices={choicesOf(ENDS)}
          word={(e) => t(ENDS[e])}
          onChoose={(ends) => set({ ends })}
        />
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
    </>
  );
}
