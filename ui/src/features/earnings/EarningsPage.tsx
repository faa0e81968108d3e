import { useState } from "react";
import { useI18n } from "../../i18n";
import { ChartPanel } from "./ChartPanel";
import { MoneyExplained } from "./MoneyExplained";
import { PlatformFilter } from "./PlatformFilter";
import { platformOf, type PlatformChoice } from "./platforms";
import { RangePicker } from "./RangePicker";
import { ReportPanel } from "./ReportPanel";
import { RiskRadarPanel } from "./RiskRadarPanel";
import { SettlementCalendarView } from "./SettlementCalendarView";
import { ShareCardPanel } from "./ShareCardPanel";
import { rangeOf, type Preset, type Range } from "./ranges";

// 收益: one range for the charts, the report and the share card, and one
// platform (every platform unless she picks one) for every panel; when the
// money lands; where a month's money went. The chart (the trend, unless she
// picks another) leads: the picture is what she opens the page for, and the
// report's table under it holds the figures behind it.
export function EarningsPage() {
  const { t } = useI18n();
  const [preset, setPreset] = useState<Preset>("d30");
  const [range, setRange] = useState<Range>(() => rangeOf("d30", new Date()));
  const [choice, setChoice] = useState<PlatformChoice>("all");
  const platform = platformOf(choice);

  return (
    <section aria-labelledby="earnings-title">
      <h2 id="earnings-title">{t("earnings.title")}</h2>
      <p className="muted">{t("earnings.note")}</p>
      <RangePicker
        preset={preset}
        range={range}
        onChange={(p, r) => {
          setPreset(p);
          setRange(r);
        }}
      />
      <PlatformFilter choice={choice} onChoose={setChoice} />
      <ChartPanel range={range} platform={platform} />
      <ReportPanel range={range} platform={platform} />
      <ShareCardPanel range={range} platform={platform} />
      <SettlementCalendarView platform={platform} />
      <RiskRadarPanel range={range} platform={platform} />
      <MoneyExplained platform={platform} />
    </section>
  );
}
