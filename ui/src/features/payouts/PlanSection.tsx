import { useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { rateText } from "./amounts";
import { PlanEditor } from "./PlanEditor";
import { usePayoutPlan } from "./queries";

// The plan in force and its version; the editor opens on it (or on a blank
// plan when she has none), and saving makes a new version from its date.
export function PlanSection() {
  const { t } = useI18n();
  const plan = usePayoutPlan();
  const [editing, setEditing] = useState(false);
  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorNotice error={plan.error} onRetry={() => void plan.refetch()} />;
  const current = plan.data;

  return (
    <section aria-labelledby="payout-plan-title">
      <h3 id="payout-plan-title">{t("payout.plan.title")}</h3>
      {current ? (
        <p data-testid="plan-version">
          {t("payout.plan.version", {
            version: current.version,
            day: current.effectiveFrom,
            rate: rateText(current.ownRate),
            minimum: formatFen(current.minimum),
            days: current.holdDays,
          })}
          {current.overrideRate !== null &&
            ` ${t("payout.plan.versionUpline", { rate: rateText(current.overrideRate) })}`}
        </p>
      ) : (
        <p className="empty">{t("payout.plan.none")}</p>
      )}
      <p className="muted">{t("payout.plan.atOrderTime")}</p>
      {!current || editing ? (
        <PlanEditor
          key={current?.version ?? 0}
          plan={current}
          onClose={current ? () => setEditing(false) : undefined}
        />
      ) : (
        <button type="button" onClick={() => setEditing(true)}>
          {t("payout.plan.edit")}
        </button>
      )}
    </section>
  );
}
