import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { AuditList } from "./AuditList";
import { MonthSection } from "./MonthSection";
import { PlanSection } from "./PlanSection";
import { usePayoutMonths } from "./queries";

// 分润: what she owes each partner for the partner's own sales, month by
// month: the plan, the month's statements and closing it, the pay list and
// a partner's ledger.
export function PayoutsPage() {
  const { t } = useI18n();
  const months = usePayoutMonths();

  return (
    <section aria-labelledby="payouts-title">
      <h2 id="payouts-title">{t("nav.payouts")}</h2>
      <p className="muted">{t("payout.intro")}</p>
      <PlanSection />
      {months.isPending && <Loading />}
      {months.isError && <ErrorNotice error={months.error} onRetry={() => void months.refetch()} />}
      {months.data && !months.data.hasPlan && <p className="empty">{t("payout.empty.noPlan")}</p>}
      {months.data?.hasPlan && <MonthSection months={months.data} />}
      <AuditList />
    </section>
  );
}
