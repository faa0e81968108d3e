import { useState } from "react";
import type { ChartKind } from "../../bindings/ChartKind";
import type { Platform } from "../../bindings/Platform";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { svgDataUrl } from "../../format";
import { useI18n } from "../../i18n";
import type { Range } from "./ranges";
import { useChart, useCopyChart, useExportChart } from "./queries";
import { Tabs } from "../../components/Tabs";

const KINDS: ChartKind[] = ["trend", "groups", "partners", "status", "categories", "cohort", "hours"];

// One chart of the range (of the platform she filters on) at a time, as the engine drew it; saved as SVG or
// PNG (the same drawing) in Downloads, or copied as a picture.
export function ChartPanel({ range, platform }: { range: Range; platform: Platform | null }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<ChartKind>("trend");
  const chart = useChart(kind, range, lang, platform);
  const saved = useExportChart(kind, range, lang, platform);
  const copied = useCopyChart(kind, range, lang, platform, copyPicture);

  return (
    <section aria-labelledby="charts-title" className="chart-panel">
      <h3 id="charts-title">{t("charts.title")}</h3>
      <Tabs
        tabs={KINDS}
        current={kind}
        onChoose={(k) => {
          setKind(k);
          saved.reset();
          copied.reset();
        }}
        word={(k) => t(`charts.kind.${k}`)}
        label={t("charts.title")}
        testId={(k) => `chart-tab-${k}`}
      />
      {chart.isPending && <Loading />}
      {chart.isError && <ErrorNotice error={chart.error} onRetry={() => void chart.refetch()} />}
      {chart.data && (
        <img
          className="chart"
          data-testid="earnings-chart"
          data-kind={kind}
          src={svgDataUrl(chart.data)}
          alt={t(`charts.kind.${kind}`)}
        />
      )}
      <div className="actions">
        <button
          type="button"
          data-testid="chart-export-png"
          onClick={() => saved.mutate("png")}
          disabled={saved.isPending}
        >
          {t("charts.savePng")}
        </button>
        <button type="button" onClick={() => saved.mutate("svg")} disabled={saved.isPending}>
          {t("charts.saveSvg")}
        </button>
        <button type="button" onClick={() => copied.mutate()} disabled={copied.isPending}>
          {t("charts.copy")}
        </button>
      </div>
      {saved.isPending && <p role="status">{t("charts.saving")}</p>}
      {saved.isSuccess && (
        <p role="status" data-testid="chart-saved">
          {t("charts.saved", { path: saved.data })}
        </p>
      )}
      {saved.isError && <ErrorNotice error={saved.error} />}
      {copied.isSuccess && <p role="status">{t("charts.copied")}</p>}
      {copied.isError && <p role="alert">{t("charts.copyFailed")}</p>}
    </section>
  );
}

// The clipboard write starts inside the click (WebKit refuses one begun
// after a round trip); the picture is handed over when it arrives.
async function copyPicture(bytes: Promise<ArrayBuffer>): Promise<void> {
  const blob = bytes.then((b) => new Blob([b], { type: "image/png" }));
  await navigator.clipboard.write([new ClipboardItem({ "image/png": blob })]);
}
