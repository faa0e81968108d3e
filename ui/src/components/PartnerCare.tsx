import { useState } from "react";
import { api } from "../api";
import type { StepStatus } from "../bindings/StepStatus";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { CareForm } from "./CareForm";
import { ErrorNotice } from "./ErrorNotice";

// A partner's first-week plan (when she is new) and care log.
export function PartnerCare({ partnerId }: { partnerId: number }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(0);
  const [log] = useLoad(() => api.careHistory(partnerId, { offset: 0, limit: 50 }), [partnerId, saved]);
  const [plan, setPlan] = useState<StepStatus[] | null>(null);
  const [loadedPlan] = useLoad(() => api.onboardingPlan(partnerId), [partnerId]);
  const [error, setError] = useState<unknown>(null);
  const steps = plan ?? (loadedPlan.state === "ready" ? loadedPlan.value : []);

  const toggle = async (step: StepStatus) => {
    setError(null);
    try {
      setPlan(await api.setOnboardingStep(partnerId, step.step, !step.done));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="partner-care">
      {steps.length > 0 && (
        <fieldset data-testid="onboarding">
          <legend>{t("onboarding.title")}</legend>
          {steps.map((s) => (
            <label key={s.step} className="inline">
              <input type="checkbox" checked={s.done} disabled={s.by_data} onChange={() => void toggle(s)} />
              {t(`step.${s.step}`)} <span className="muted">{t("today.due", { day: s.due_on })}</span>
              {s.by_data && <span className="muted">{t("onboarding.byData")}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <h4>{t("care.history")}</h4>
      <CareForm partnerId={partnerId} onSaved={() => setSaved((n) => n + 1)} />
      {log.state === "ready" && log.value.total === 0 && <p className="muted">{t("care.empty")}</p>}
      {log.state === "ready" && log.value.total > 0 && (
        <ul className="tasks" data-testid="care-log">
          {log.value.items.map((e) => (
            <li key={e.id}>
              <span>
                {e.day} <strong>{t(`careKind.${e.kind}`)}</strong>
                {e.rule && `「${e.rule}」`} {e.note}
              </span>
            </li>
          ))}
        </ul>
      )}
      {log.state === "failed" && <ErrorNotice error={log.error} />}
    </div>
  );
}
