import { useState } from "react";
import { useI18n } from "../../i18n";
import { CareForm } from "./CareForm";
import { ErrorNotice } from "../../components/ErrorNotice";
import { RowPager } from "../../components/RowPager";
import { PAGE_SIZE } from "../../components/Pager";
import { useCareLog, useOnboardingPlan, useToggleStep } from "./queries";

// A partner's first-week plan (when she is new) and care log, a page at a
// time: a year of care for one partner is hundreds of entries.
export function PartnerCare({ partnerId }: { partnerId: number }) {
  const { t } = useI18n();
  // Another partner's log opens on its first page.
  const [at, setAt] = useState({ partnerId, offset: 0 });
  const offset = at.partnerId === partnerId ? at.offset : 0;
  const log = useCareLog(partnerId, offset);
  const plan = useOnboardingPlan(partnerId);
  const steps = plan.data ?? [];
  const toggle = useToggleStep(partnerId);

  return (
    <div className="partner-care">
      {steps.length > 0 && (
        <fieldset data-testid="onboarding">
          <legend>{t("onboarding.title")}</legend>
          {steps.map((s) => (
            <label key={s.step} className="inline">
              <input
                type="checkbox"
                checked={s.done}
                disabled={s.by_data || toggle.isPending}
                onChange={() => toggle.mutate(s)}
              />
              {t(`step.${s.step}`)} <span className="muted">{t("today.due", { day: s.due_on })}</span>
              {s.by_data && <span className="muted">{t("onboarding.byData")}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {toggle.isError && <ErrorNotice error={toggle.error} />}
      {plan.isError && <ErrorNotice error={plan.error} />}
      <h4>{t("care.history")}</h4>
      <CareForm partnerId={partnerId} />
      {log.data?.total === 0 && <p className="muted">{t("care.empty")}</p>}
      {log.data && log.data.total > 0 && (
        <ul className="tasks" data-testid="care-log">
          {log.data.items.map((e) => (
            <li key={e.id}>
              <span>
                {e.day} <strong>{t(`careKind.${e.kind}`)}</strong>
                {e.rule && `「${e.rule}」`} {e.note}
              </span>
            </li>
          ))}
        </ul>
      )}
      {log.data && (
        <RowPager
          start={offset}
          total={log.data.total}
          size={PAGE_SIZE}
          onStart={(start) => setAt({ partnerId, offset: start })}
        />
      )}
      {log.isError && <ErrorNotice error={log.error} />}
    </div>
  );
}
