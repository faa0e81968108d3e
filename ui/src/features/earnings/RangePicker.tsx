import { PRESETS, rangeOf, type Preset, type Range } from "./ranges";
import { useI18n } from "../../i18n";
import { Select } from "../../components/Select";

// The report's range: a preset, or two days of her choice.
export function RangePicker({
  preset,
  range,
  onChange,
}: {
  preset: Preset;
  range: Range;
  onChange: (preset: Preset, range: Range) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="range-picker" role="group" aria-label={t("report.range")}>
      <label>
        {t("report.range")}{" "}
        <Select
          data-testid="range-preset"
          value={preset}
          choices={PRESETS}
          word={(p) => t(`report.preset.${p}`)}
          onChoose={(next) => onChange(next, next === "custom" ? range : rangeOf(next, new Date()))}
        />
      </label>
      {preset === "custom" && (
        <>
          <label>
            {t("report.from")}{" "}
            <input
              type="date"
              value={range.from}
              onChange={(e) => onChange("custom", { ...range, from: e.target.value })}
            />
          </label>
          <label>
            {t("report.to")}{" "}
            <input
              type="date"
              value={range.to}
              onChange={(e) => onChange("custom", { ...range, to: e.target.value })}
            />
          </label>
        </>
      )}
      <span className="muted" data-testid="range-shown">
        {t("report.rangeShown", range)}
      </span>
    </div>
  );
}
