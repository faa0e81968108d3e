import { useState, type FormEvent } from "react";
import type { Plan } from "../../bindings/Plan";
import type { PlanDraft } from "../../bindings/PlanDraft";
import type { PostingSettings } from "../../bindings/PostingSettings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n, type MessageKey } from "../../i18n";
import { PlanEditor } from "./PlanEditor";
import { useArchivePlan, usePlans, usePostingSettings, useSavePostingSettings, useStarterPlans } from "./queries";

// The plans: each rule in words, its kit (or why it needs another), edit,
// archive and bring back; the daily rhythm's starters for an empty list;
// the cap per group and the hours a post's results count.
export function PlansPanel() {
  const { t, tm } = useI18n();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Plan | "new" | null>(null);
  const plans = usePlans(archived);
  const starters = useStarterPlans();
  const archive = useArchivePlan();
  const rule = (d: PlanDraft) => {
    const days =
      d.cadence === "daily"
        ? t("posting.daily")
        : d.cadence === "once"
          ? t("posting.once")
          : d.weekdays.map((n) => t(`weekday.${n}` as MessageKey)).join("、");
    const who =
      d.audience.by === "kind"
        ? t(`kind.${d.audience.kind}` as MessageKey)
        : d.audience.by === "tag"
          ? t("posting.tagged", { tag: d.audience.tag })
          : t("posting.chosenGroups", { n: d.audience.ids.length });
    const from =
      d.start === "group_created"
        ? t("posting.fromGroupDay", { n: d.after_days })
        : d.start === "campaign"
          ? t("posting.fromCampaignDay", { day: d.start_on ?? "", n: d.after_days })
          : t("posting.fromDay", { day: d.start_on ?? "" });
    return `${who} · ${days} ${d.time} · ${from}`;
  };

  return (
    <section aria-labelledby="plans-title" data-testid="plans">
      <h3 id="plans-title">{t("posting.plansTitle")}</h3>
      <div className="inline">
        <button type="button" className="primary" onClick={() => setEditing("new")} data-testid="new-plan">
          {t("posting.newPlan")}
        </button>
        <label className="check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          {t("posting.showArchived")}
        </label>
      </div>
      {editing && <PlanEditor plan={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {plans.isPending && <Loading />}
      {plans.isError && <ErrorNotice error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data?.length === 0 && !archived && (
        <div className="empty">
          <p>{t("posting.noPlans")}</p>
          <button type="button" onClick={() => starters.mutate()} disabled={starters.isPending}>
            {t("posting.addStarters")}
          </button>
          {starters.data?.length === 0 && <p className="muted">{t("posting.startersNeedGroups")}</p>}
        </div>
      )}
      <ul className="plans">
        {plans.data?.map((plan) => (
          <li key={plan.id} data-testid="plan" data-title={plan.draft.title}>
            <strong>{plan.draft.title}</strong> <span className="muted">{rule(plan.draft)}</span>
            <div className="muted">
              {plan.material_title ? t("posting.withKit", { title: plan.material_title }) : t("posting.remindOnly")}
              {plan.draft.ticks &&
                ` · ${t("posting.ticksItem", { item: t(`check.${plan.draft.ticks}` as MessageKey) })}`}
            </div>
            {plan.problem && <p className="notice-error">{tm(plan.problem)}</p>}
            {plan.unreadable.includes("start_on") && <p className="notice-error">{t("posting.startUnreadable")}</p>}
            {plan.unreadable.includes("ends_on") && <p className="notice-error">{t("posting.endUnreadable")}</p>}
            <div className="inline">
              {plan.archived_at === null && (
                <button type="button" onClick={() => setEditing(plan)}>
                  {t("posting.edit")}
                </button>
              )}
              <button type="button" onClick={() => archive.mutate(plan)} disabled={archive.isPending}>
                {plan.archived_at === null ? t("posting.archive") : t("posting.restore")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {(archive.error ?? starters.error) && <ErrorNotice error={archive.error ?? starters.error} />}
      <PostingSettingsForm />
    </section>
  );
}

/** The settings' two limits: posts a day per group, and the hours a post's results count. */
const LIMITS: { name: string; field: keyof PostingSettings; label: MessageKey; max: number }[] = [
  { name: "cap", field: "cap_per_group", label: "posting.cap", max: 20 },
  { name: "hours", field: "result_hours", label: "posting.resultHours", max: 24 },
];

function PostingSettingsForm() {
  const { t } = useI18n();
  const settings = usePostingSettings();
  const [edited, setEdited] = useState<PostingSettings | null>(null);
  const save = useSavePostingSettings(() => setEdited(null));
  const { fieldError } = useFormErrors(save.error);
  if (!settings.data) return null;
  const shown = edited ?? settings.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(shown);
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t("posting.settings")}>
      <h4 className="wide">{t("posting.settings")}</h4>
      {LIMITS.map(({ name, field, label, max }) => (
        <Field key={name} label={t(label)} error={fieldError(field)}>
          <input
            name={name}
            type="number"
            min={1}
            max={max}
            value={shown[field]}
            onChange={(e) => setEdited({ ...shown, [field]: Number(e.target.value) })}
          />
        </Field>
      ))}
      <div className="wide inline">
        <button type="submit" disabled={edited === null || save.isPending}>
          {t("form.saveSettings")}
        </button>
        {save.isSuccess && edited === null && <span className="muted">{t("posting.saved")}</span>}
      </div>
    </form>
  );
}
