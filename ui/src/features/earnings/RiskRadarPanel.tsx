import { useState } from "react";
import type { RiskLine } from "../../bindings/RiskLine";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { CareForm } from "../care/CareForm";
import { useRiskRadar } from "./queries";
import type { Range } from "./ranges";

// 风险雷达: lines JD marked as risk (25–28) over the range, by partner and by
// group; from a partner she can record a penalty citing one of her rules.
export function RiskRadarPanel({ range }: { range: Range }) {
  const { t, tm } = useI18n();
  const radar = useRiskRadar(range);
  const [penalty, setPenalty] = useState<RiskLine | null>(null);

  return (
    <section aria-labelledby="risk-title" className="risk-radar" data-testid="risk-radar">
      <h3 id="risk-title">{t("risk.title")}</h3>
      <p className="muted">{t("risk.note")}</p>
      {radar.isPending && <Loading />}
      {radar.isError && <ErrorNotice error={radar.error} onRetry={() => void radar.refetch()} />}
      {radar.data && radar.data.rows === 0 && <p className="empty">{t("risk.none")}</p>}
      {radar.data && radar.data.rows > 0 && (
        <>
          <ul className="risk-codes">
            {radar.data.codes.map((c) => (
              <li key={c.code}>
                {tm(c.label)}: {formatCount(c.rows)}
              </li>
            ))}
          </ul>
          <h4>{t("risk.byPartner")}</h4>
          <RiskTable lines={radar.data.partners.slice(0, 20)} withShare onPenalty={setPenalty} />
          <h4>{t("risk.byGroup")}</h4>
          <RiskTable lines={radar.data.groups.slice(0, 20)} />
        </>
      )}
      {penalty && (
        <div className="lines-behind" data-testid="risk-penalty">
          <p>{t("risk.penaltyFor", { name: penalty.name })}</p>
          <CareForm
            key={penalty.id}
            partnerId={penalty.id}
            kind="penalty"
            note={t("risk.penaltyNote", { rows: penalty.rows, from: range.from, to: range.to })}
            onSaved={() => setPenalty(null)}
          />
        </div>
      )}
    </section>
  );
}

function RiskTable({
  lines,
  withShare,
  onPenalty,
}: {
  lines: RiskLine[];
  withShare?: boolean;
  onPenalty?: (line: RiskLine) => void;
}) {
  const { t } = useI18n();
  const columns: Column<RiskLine>[] = [
    { id: "who", label: "risk.who", cell: (line) => (line.id === 0 ? t("risk.nobody") : line.name) },
    { id: "rows", label: "risk.rows", numeric: true, cell: (line) => formatCount(line.rows) },
    { id: "lost", label: "risk.lost", numeric: true, cell: (line) => formatFen(line.lost_fen) },
  ];
  if (withShare) {
    columns.push({
      id: "share",
      label: "risk.share",
      numeric: true,
      cell: (line) => (line.share_pct === null ? "" : `${line.share_pct.toFixed(1)}%`),
    });
  }
  if (onPenalty) {
    columns.push({
      id: "penalty",
      label: "risk.penalty",
      hideLabel: true,
      cell: (line) =>
        line.id !== 0 && (
          <button type="button" onClick={() => onPenalty(line)}>
            {t("risk.penalty")}
          </button>
        ),
    });
  }
  return <DataTable columns={columns} rows={lines} rowKey={(line) => line.id} />;
}
