import { useState } from "react";
import type { Drill } from "../../bindings/Drill";
import type { Platform } from "../../bindings/Platform";
import type { Report } from "../../bindings/Report";
import type { ReportBy } from "../../bindings/ReportBy";
import type { ReportRow } from "../../bindings/ReportRow";
import type { TotalLines } from "../../bindings/TotalLines";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { lineLabel } from "./lineLabel";
import { OpenedLinesPanel, totalLines, type OpenedLines } from "./LinesBehind";
import type { Range } from "./ranges";
import { reportLineSource, useExportReport, useReport } from "./queries";
import { compareLines } from "./sortLines";
import { Select } from "../../components/Select";
import { LinkButton } from "../../components/LinkButton";
import { useRunningSync } from "../sync/queries";
import { SyncUnderWay } from "../sync/SyncUnderWay";

const BYS: ReportBy[] = [
  "day",
  "week",
  "month",
  "group",
  "partner",
  "category",
  "status",
  "hour",
  "weekday",
  "platform",
];

// The report over her range, of the platform she filters on: totals against
// the range before, one line per day, week, month, group, partner, category,
// status, hour, weekday or platform; the table sorts, exports, and any line or
// total opens the order lines behind it (a line's drill names its platform).
export function ReportPanel({ range, platform }: { range: Range; platform: Platform | null }) {
  const { t, tm, lang } = useI18n();
  const [by, setBy] = useState<ReportBy>("day");
  const [opened, setOpened] = useState<OpenedLines | null>(null);
  // Lines opened under another platform are not this report's: close them.
  const [openedOf, setOpenedOf] = useState(platform);
  if (openedOf !== platform) {
    setOpenedOf(platform);
    setOpened(null);
  }
  const report = useReport(range, by, platform);
  const exported = useExportReport(range, by, lang, platform);
  // While a sync is filling an empty range, say so rather than advise one.
  const running = useRunningSync();

  const openLine = (drill: Drill, label: string) =>
    setOpened({ title: t("report.linesOf", { label }), ...reportLineSource(drill) });

  const labelOf = (row: ReportRow) => lineLabel(row.label, tm);
  const columns: Column<ReportRow>[] = [
    {
      id: "label",
      label: `report.by.${by}`,
      compare: compareLines("label", labelOf),
      cell: (row) =>
        row.drill ? (
          <LinkButton onClick={() => openLine(row.drill as Drill, labelOf(row))}>{labelOf(row)}</LinkButton>
        ) : (
          labelOf(row)
        ),
    },
    {
      id: "estimate",
      label: "report.estimate",
      numeric: true,
      compare: compareLines("estimate_fen", labelOf),
      cell: (row) => formatFen(row.estimate_fen),
    },
    {
      id: "settled",
      label: "report.settled",
      numeric: true,
      compare: compareLines("settled_fen", labelOf),
      cell: (row) => formatFen(row.settled_fen),
    },
    {
      id: "orders",
      label: by === "category" || by === "status" ? "report.lines" : "report.orders",
      numeric: true,
      compare: compareLines("orders", labelOf),
      cell: (row) => formatCount(row.orders),
    },
  ];
  if (by === "partner") {
    columns.push({
      id: "team",
      label: "report.team",
      numeric: true,
      cell: (row) => (row.team_estimate_fen === null ? "" : formatFen(row.team_estimate_fen)),
    });
  }
  // A report in blocks (by status) reads in its order: each block's lines,
  // then their subtotal, set apart; sorting would mix the blocks.
  const inBlocks = report.data?.rows.some((row) => row.kind === "subtotal") ?? false;
  const shownColumns = inBlocks ? columns.map((column) => ({ ...column, compare: undefined })) : columns;
  // Any other closes on its total, under every page, as the exported file does.
  const total = report.data && report.data.rows.length > 0 && !inBlocks ? totalRow(report.data) : null;

  return (
    <section aria-labelledby="report-title" className="report-panel">
      <h3 id="report-title">{t("report.title")}</h3>
      {report.isPending && <Loading />}
      {report.isError && <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          <dl className="report-totals" data-testid="report-totals">
            {totalsOf(report.data).map(([key, value, which]) => (
              <Total
                key={key}
                label={t(key)}
                value={value}
                onOpen={() =>
                  setOpened(totalLines(t("report.linesOf", { label: t(key) }), range.from, range.to, which, platform))
                }
              />
            ))}
            <Total
              label={t("report.previous", {
                against: t(`compare.${report.data.comparison}`),
                from: report.data.previous_from,
                to: report.data.previous_to,
              })}
              value={`${formatFen(report.data.previous.estimate_fen)} · ${change(
                report.data.total.estimate_fen - report.data.previous.estimate_fen,
                report.data.estimate_change_pct,
              )}`}
            />
          </dl>
          {report.data.losses.rows === 0 &&
            (running ? <SyncUnderWay live={running} /> : <p className="empty">{t("report.empty")}</p>)}
        </>
      )}
      <div className="row-between">
        <label>
          {t("report.by")}{" "}
          <Select
            data-testid="report-by"
            value={by}
            choices={BYS}
            word={(b) => t(`report.by.${b}`)}
            onChoose={(next) => {
              setBy(next);
              setOpened(null);
            }}
          />
        </label>
        <span>
          <button type="button" onClick={() => exported.mutate("xlsx")} disabled={exported.isPending}>
            {t("report.exportXlsx")}
          </button>{" "}
          <button type="button" onClick={() => exported.mutate("csv")} disabled={exported.isPending}>
            {t("report.exportCsv")}
          </button>
        </span>
      </div>
      {exported.isSuccess && <p role="status">{t("report.saved", { path: exported.data })}</p>}
      {exported.isError && <ErrorNotice error={exported.error} />}
      {report.data && (
        <DataTable
          // Another report starts on its first page, in the engine's order.
          key={`${by}-${range.from}-${range.to}-${platform}`}
          testId="report-table"
          columns={shownColumns}
          rows={report.data.rows}
          foot={total ? [total] : []}
          rowProps={(row) =>
            row === total
              ? { className: "report-subtotal", "data-kind": "total" }
              : row.kind === "subtotal"
                ? { className: "report-subtotal", "data-kind": "subtotal" }
                : {}
          }
          rowKey={(row) => `${labelOf(row)}-${row.drill?.key ?? "rest"}-${row.drill?.from ?? ""}`}
        />
      )}
      {by === "partner" && <p className="muted">{t("report.partnerNote")}</p>}
      {opened && <OpenedLinesPanel opened={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}

/**
 * The sum of the report's lines, called as its total: the figures the lines
 * add up to (by category the count is of order lines, by partner the settled
 * column is her partners' actual commission), so the table adds up as shown.
 */
function totalRow(report: Report): ReportRow {
  const sum = (figure: (row: ReportRow) => number) => report.rows.reduce((all, row) => all + figure(row), 0);
  return {
    ...report.total,
    estimate_fen: sum((row) => row.estimate_fen),
    settled_fen: sum((row) => row.settled_fen),
    orders: sum((row) => row.orders),
    team_estimate_fen: null,
    drill: null,
    kind: "subtotal",
  };
}

/** The range's totals that open lines: what each is called, shows, and which lines it adds up. */
function totalsOf(report: Report): [MessageKey, string, TotalLines][] {
  return [
    ["report.estimate", formatFen(report.total.estimate_fen), "estimated"],
    ["report.settled", formatFen(report.total.settled_fen), "settled"],
    ["report.orders", formatCount(report.total.orders), "estimated"],
    ["report.lines", formatCount(report.losses.rows), "all"],
    ["report.refunded", formatFen(report.losses.refunded_fen), "refunded"],
    ["report.invalidated", formatFen(report.losses.invalidated_fen), "invalidated"],
  ];
}

// A total of the range; pressing its figure opens the lines it adds up.
function Total({ label, value, onOpen }: { label: string; value: string; onOpen?: () => void }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{onOpen ? <LinkButton onClick={onOpen}>{value}</LinkButton> : value}</dd>
    </div>
  );
}

/** "+¥500.00 (+20.0%)": the difference, and the percent when there was something before. */
function change(fen: number, pct: number | null): string {
  const sign = fen >= 0 ? "+" : "";
  const percent = pct === null ? "" : ` (${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%)`;
  return `${sign}${formatFen(fen)}${percent}`;
}
