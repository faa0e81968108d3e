import { useI18n } from "../i18n";

const RANGES = [7, 30, 90];

// "Last 7/30/90 days", the ranges every comparison offers.
export function RangeSelect({ days, onDays }: { days: number; onDays: (days: number) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline">
      {t("partner.range")}
      <select value={days} onChange={(e) => onDays(Number(e.target.value))}>
        {RANGES.map((d) => (
          <option key={d} value={d}>
            {t("partner.lastDays", { days: d })}
          </option>
        ))}
      </select>
    </label>
  );
}
