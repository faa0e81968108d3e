import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { Drill } from "../../bindings/Drill";
import type { Report } from "../../bindings/Report";
import type { ReportBy } from "../../bindings/ReportBy";
import type { TotalLines } from "../../bindings/TotalLines";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { OpenedLinesPanel, totalLines, type OpenedLines } from "./LinesBehind";
import type { Range } from "./ranges";
import { sorted, type SortKey } from "./sortLines";

const BYS: ReportBy[] = ["day", "week", "month", "group", "partner", "category", "status", "hour", "weekday"];

// The report over her range: totals against the range before, one line per
// day, week, month, group, partner, category, status, hour or weekday; the
// table sorts, exports, and any line or total opens the order lines behind it.
export function ReportPanel({ range }: { range: Range }) {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<ReportBy>("day");
  const [sort, setSort] = useState<{ key: SortKey; down: boolean } | null>(null);
  const [opened, setOpened] = useState<OpenedLines | null>(null);
  const report = useQuery({
    queryKey: keys.earnings.report(range.from, range.to, by),
    queryFn: () => api.earningsReport(range.from, range.to, by),
    placeholderData: keepPreviousData,
  });
  const exported = useMutation({
    mutationFn: (format: "csv" | "xlsx") => api.exportReport(range.from, range.to, by, format, lang),
  });

  const openLine = (drill: Drill, label: string) =>
    setOpened({
      title: t("report.linesOf", { label }),
      queryKey: keys.earnings.reportLines(drill),
      load: (page) => api.reportLines(drill, page),
    });

  const rows = sorted(report.data?.rows ?? [], sort);
  const toggle = (key: SortKey) =>
    setSort((s) => (s?.key === key ? { key, down: !s.down } : { key, down: key !== "label" }));
  const header = (key: SortKey, label: string, num: boolean) => (
    <th
      scope="col"
      className={num ? "num" : undefined}
      aria-sort={sort?.key === key ? (sort.down ? "descending" : "ascending") : "none"}
    >
      <button type="button" className="link" onClick={() => toggle(key)}>
        {label}
      </button>
    </th>
  );

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
                  setOpened(totalLines(t("report.linesOf", { label: t(key) }), range.from, range.to, which))
                }
              />
            ))}
            <Total
              label={t("report.previous")}
              value={`${formatFen(report.data.previous.estimate_fen)} · ${change(
                report.data.total.estimate_fen - report.data.previous.estimate_fen,
                report.data.estimate_change_pct,
              )}`}
            />
          </dl>
          {report.data.losses.rows === 0 && <p className="empty">{t("report.empty")}</p>}
        </>
      )}
      <div className="row-between">
        <label>
          {t("report.by")}{" "}
          <select
            data-testid="report-by"
            value={by}
            onChange={(e) => {
              setBy(e.target.value as ReportBy);
              setOpened(null);
            }}
          >
            {BYS.map((b) => (
              <option key={b} value={b}>
                {t(`report.by.${b}`)}
              </option>
            ))}
          </select>
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
        <table data-testid="report-table">
          <thead>
            <tr>
              {header("label", t(`report.by.${by}`), false)}
              {header("estimate_fen", t("report.estimate"), true)}
              {header("settled_fen", t("report.settled"), true)}
              {header("orders", t(by === "category" || by === "status" ? "report.lines" : "report.orders"), true)}
              {by === "partner" && (
                <th scope="col" className="num">
                  {t("report.team")}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.label}-${row.drill?.key ?? "rest"}-${row.drill?.from ?? ""}`}>
                <td>
                  {row.drill ? (
                    <button type="button" className="link" onClick={() => openLine(row.drill as Drill, row.label)}>
                      {row.label}
                    </button>
                  ) : (
                    row.label
                  )}
                </td>
                <td className="num">{formatFen(row.estimate_fen)}</td>
                <td className="num">{formatFen(row.settled_fen)}</td>
                <td className="num">{formatCount(row.orders)}</td>
                {by === "partner" && (
                  <td className="num">{row.team_estimate_fen === null ? "" : formatFen(row.team_estimate_fen)}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {by === "partner" && <p className="muted">{t("report.partnerNote")}</p>}
      {opened && <OpenedLinesPanel opened={opened} onClose={() => setOpened(null)} />}
    </section>
  );
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
      <dd>
        {onOpen ? (
          <button type="button" className="link" onClick={onOpen}>
            {value}
          </button>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}

/** "+¥500.00 (+20.0%)": the difference, and the percent when there was something before. */
function change(fen: number, pct: number | null): string {
  const sign = fen >= 0 ? "+" : "";
  const percent = pct === null ? "" : ` (${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%)`;
  return `${sign}${formatFen(fen)}${percent}`;
}
