import { useState } from "react";
import type { SpanFigures } from "../../bindings/SpanFigures";
import type { TotalLines } from "../../bindings/TotalLines";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { OpenedLinesPanel, totalLines, type OpenedLines } from "../earnings/LinesBehind";
import { formatCount, formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { useHeadline } from "./queries";
import { LinkButton } from "../../components/LinkButton";
import { settlementLineSource } from "../earnings/queries";

function percent(span: SpanFigures): string {
  const pct = span.estimate_change_pct;
  if (pct === null) return "—";
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

// Today, yesterday, this month and last month, each estimated and settled,
// against the same span before, named beside the change ("比上月同期"): a
// running span meets the same days (and hours) before, not a whole one; then when the next money lands, and how
// much. On the 1st of a month "this month" is nearly empty, so the others
// carry the page. Every figure opens the order lines behind it.
export function HeadlineTable() {
  const { t } = useI18n();
  const headline = useHeadline();
  const [opened, setOpened] = useState<OpenedLines | null>(null);
  if (headline.isError) return <ErrorNotice error={headline.error} onRetry={() => void headline.refetch()} />;
  if (!headline.data) return null;
  const { spans, next_settlement } = headline.data;
  const figure = (span: SpanFigures, which: TotalLines, column: string, text: string) => (
    <LinkButton
      onClick={() => {
        const label = `${t(`headline.${span.kind}` as MessageKey)} · ${column}`;
        setOpened(totalLines(t("report.linesOf", { label }), span.from, span.to, which, null));
      }}
    >
      {text}
    </LinkButton>
  );
  const before = (s: SpanFigures) => {
    const fen = formatFen(s.before.estimate_fen);
    if (s.before_until_hour === null) return t("headline.against", { from: s.before_from, to: s.before_to, fen });
    if (s.before_from === s.before_to)
      return t("headline.againstUntil", { from: s.before_from, hour: s.before_until_hour, fen });
    return t("headline.againstThrough", { from: s.before_from, to: s.before_to, hour: s.before_until_hour, fen });
  };
  const change = (s: SpanFigures) => (
    <>
      {percent(s)} <span className="muted">{t(`compare.${s.comparison}`)}</span>
    </>
  );
  const columns: Column<SpanFigures>[] = [
    { id: "span", label: "headline.span", rowHeader: true, cell: (s) => t(`headline.${s.kind}` as MessageKey) },
    {
      id: "estimate",
      label: "headline.estimate",
      numeric: true,
      cell: (s) => figure(s, "estimated", t("headline.estimate"), formatFen(s.totals.estimate_fen)),
    },
    {
      id: "settled",
      label: "headline.settled",
      numeric: true,
      cell: (s) => figure(s, "landed", t("headline.settled"), formatFen(s.totals.settled_fen)),
    },
    {
      id: "orders",
      label: "headline.orders",
      numeric: true,
      cell: (s) => figure(s, "estimated", t("headline.orders"), formatCount(s.totals.orders)),
    },
    { id: "change", label: "headline.change", numeric: true, cell: change, cellProps: (s) => ({ title: before(s) }) },
  ];
  return (
    <div className="headline">
      <DataTable
        testId="headline"
        columns={columns}
        rows={spans}
        rowKey={(s) => s.kind}
        rowProps={(s) => ({ "data-span": s.kind })}
      />
      <p className="muted" data-testid="next-settlement">
        {next_settlement
          ? t("headline.next", { day: next_settlement.day, fen: formatFen(next_settlement.expected_fen) })
          : t("headline.noNext")}{" "}
        {next_settlement && (
          <LinkButton
            onClick={() => {
              const which = { kind: "expected" as const, day: next_settlement.day };
              setOpened({
                title: t("headline.nextLines", { day: next_settlement.day }),
                ...settlementLineSource(which, null),
              });
            }}
          >
            {t("headline.seeLines")}
          </LinkButton>
        )}{" "}
        {t("headline.rule")}
      </p>
      {opened && <OpenedLinesPanel opened={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
