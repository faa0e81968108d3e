import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { usePartnerBalance } from "../payouts/queries";

// What she owes the partner under her 分润 plan and the partner's last
// statement; nothing at all until she has a plan.
export function PartnerPayout({ partnerId, onGoPayouts }: { partnerId: number; onGoPayouts?: () => void }) {
  const { t } = useI18n();
  const balance = usePartnerBalance(partnerId);
  if (!balance.data?.hasPlan) return null;
  const { balance: owed, lastStatement } = balance.data;

  return (
    <section aria-labelledby="partner-payout-title" data-testid="partner-payout">
      <h4 id="partner-payout-title">{t("payout.partner.title")}</h4>
      <p>{t("payout.partner.balance", { amount: formatFen(owed) })}</p>
      <p>
        {lastStatement
          ? t("payout.partner.last", {
              month: lastStatement.month,
              earned: formatFen(lastStatement.earned),
              closing: formatFen(lastStatement.closing),
            })
          : t("payout.partner.noStatement")}
      </p>
      {onGoPayouts && (
        <button type="button" className="link" onClick={onGoPayouts}>
          {t("payout.partner.open")}
        </button>
      )}
    </section>
  );
}
