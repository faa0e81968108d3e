import { formatFen, formatTime } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { usePayoutAudit } from "./queries";

// Who changed the money and when: every plan, close, payment, void and
// adjustment, newest first, folded away until she opens it.
export function AuditList() {
  const { t } = useI18n();
  const audit = usePayoutAudit();
  if (!audit.data || audit.data.length === 0) return null;
  return (
    <details data-testid="payout-audit">
      <summary>{t("payout.audit.title")}</summary>
      <ul className="plain">
        {audit.data.map((line) => (
          <li key={line.id}>
            {formatTime(line.at)} · {t(`payout.audit.${line.action}` as MessageKey)}
            {line.month && ` · ${line.month}`}
            {amountOf(line.detail) !== null && ` · ${formatFen(amountOf(line.detail) ?? 0)}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The amount an audit line's detail names, if it names one. */
function amountOf(detail: string): number | null {
  try {
    const parsed = JSON.parse(detail) as { amount_fen?: unknown };
    return typeof parsed.amount_fen === "number" ? parsed.amount_fen : null;
  } catch {
    return null;
  }
}
