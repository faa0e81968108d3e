import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { monthNumber } from "../payouts/amounts";
import { usePayoutReminder } from "../payouts/queries";

// 总览's 分润 reminder: a month she can close now, and what the last closed
// month lets her pay to how many partners; nothing without a plan.
export function PayoutReminderNotice({ onGoPayouts }: { onGoPayouts?: () => void }) {
  const { t, lang } = useI18n();
  const reminder = usePayoutReminder();
  const r = reminder.data;
  if (!r?.hasPlan || (r.closable === null && r.payablePartners === 0)) return null;

  return (
    <section className="notice" role="status" data-testid="payout-reminder">
      {r.closable !== null && (
        <p>{t("payout.reminder.closable", { month: lang === "en" ? r.closable : monthNumber(r.closable) })}</p>
      )}
      {r.payablePartners > 0 && (
        <p>
          {t("payout.reminder.payable", {
            month: r.payableMonth ?? "",
            amount: formatFen(r.payable),
            count: r.payablePartners,
          })}
        </p>
      )}
      {onGoPayouts && (
        <button type="button" onClick={onGoPayouts}>
          {t("payout.reminder.open")}
        </button>
      )}
    </section>
  );
}
