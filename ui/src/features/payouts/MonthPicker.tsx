import type { LedgerMonths } from "../../bindings/LedgerMonths";
import { useI18n } from "../../i18n";

// The months she can read: the one open now, then the closed ones, newest first.
export function MonthPicker({
  months,
  value,
  onChoose,
}: {
  months: LedgerMonths;
  value: string;
  onChoose: (month: string) => void;
}) {
  const { t } = useI18n();
  return (
    <label className="inline">
      {t("payout.month.pick")}
      <select name="month" value={value} onChange={(e) => onChoose(e.target.value)}>
        {months.open && (
          <option value={months.open.month}>{t("payout.month.open", { month: months.open.month })}</option>
        )}
        {months.closed.map((month) => (
          <option key={month} value={month}>
            {t("payout.month.closed", { month })}
          </option>
        ))}
      </select>
    </label>
  );
}
