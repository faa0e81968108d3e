import { useState } from "react";
import { useI18n } from "../../i18n";
import { ChartPanel } from "./ChartPanel";
import { MoneyExplained } from "./MoneyExplained";
import { RangePicker } from "./RangePicker";
import { ReportPanel } from "./ReportPanel";
import { RiskRadarPanel } from "./RiskRadarPanel";
import { SettlementCalendarView } from "./SettlementCalendarView";
import { ShareCardPanel } from "./ShareCardPanel";
import { rangeOf, type Preset, type Range } from "./ranges";

// 收益: one range for the report, the charts and the share card; when the
// money lands; where a month's money went.
export function EarningsPage() {
  const { t } = useI18n();
  const [preset, setPreset] = useState<Preset>("d30");
  const [range, setRange] = useState<Range>(() => rangeOf("d30", new Date()));

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
      <ReportPanel range={range} />
      <ChartPanel range={range} />
      <ShareCardPanel range={range} />
      <SettlementCalendarView />
      <RiskRadarPanel range={range} />
      <MoneyExplained />
    </section>
  );
}
