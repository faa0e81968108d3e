import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { SpanFigures } from "../../bindings/SpanFigures";
import type { TotalLines } from "../../bindings/TotalLines";
import { ErrorNotice } from "../../components/ErrorNotice";
import { OpenedLinesPanel, totalLines, type OpenedLines } from "../earnings/LinesBehind";
import { formatCount, formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";

function change(span: SpanFigures): string {
  const pct = span.estimate_change_pct;
  if (pct === null) return "—";
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

// Today, yesterday, this month and last month, each estimated and settled,
// against the same span before; then when the next money lands, and how
// much. On the 1st of a month "this month" is nearly empty, so the others
// carry the page. Every figure opens the order lines behind it.
export function HeadlineTable() {
  const { t } = useI18n();
  const headline = useQuery({ queryKey: keys.earnings.headline(), queryFn: api.earningsHeadline });
  const [opened, setOpened] = useState<OpenedLines | null>(null);
  if (headline.isError) return <ErrorNotice error={headline.error} onRetry={() => void headline.refetch()} />;
  if (!headline.data) return null;
  const { spans, next_settlement } = headline.data;
  const figure = (span: SpanFigures, which: TotalLines, column: string, text: string) => (
    <button
      type="button"
      className="link"
      onClick={() => {
        const label = `${t(`headline.${span.kind}` as MessageKey)} · ${column}`;
        setOpened(totalLines(t("report.linesOf", { label }), span.from, span.to, which));
      }}
    >
      {text}
    </button>
  );
  return (
    <div className="headline">
      <table data-testid="headline">
        <thead>
          <tr>
            <th scope="col">{t("headline.span")}</th>
            <th scope="col" className="num">
              {t("headline.estimate")}
            </th>
            <th scope="col" className="num">
              {t("headline.settled")}
            </th>
            <th scope="col" className="num">
              {t("headline.orders")}
            </th>
            <th scope="col" className="num">
              {t("headline.change")}
            </th>
          </tr>
        </thead>
        <tbody>
          {spans.map((s) => (
            <tr key={s.kind} data-span={s.kind}>
              <th scope="row">{t(`headline.${s.kind}` as MessageKey)}</th>
              <td className="num">
                {figure(s, "estimated", t("headline.estimate"), formatFen(s.totals.estimate_fen))}
              </td>
              <td className="num">{figure(s, "landed", t("headline.settled"), formatFen(s.totals.settled_fen))}</td>
              <td className="num">{figure(s, "estimated", t("headline.orders"), formatCount(s.totals.orders))}</td>
              <td
                className="num"
                title={
                  s.before_until_hour === null
                    ? t("headline.against", {
                        from: s.before_from,
                        to: s.before_to,
                        fen: formatFen(s.before.estimate_fen),
                      })
                    : t("headline.againstUntil", {
                        from: s.before_from,
                        hour: s.before_until_hour,
                        fen: formatFen(s.before.estimate_fen),
                      })
                }
              >
                {change(s)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" data-testid="next-settlement">
        {next_settlement
          ? t("headline.next", { day: next_settlement.day, fen: formatFen(next_settlement.expected_fen) })
          : t("headline.noNext")}{" "}
        {next_settlement && (
          <button
            type="button"
            className="link"
            onClick={() => {
              const which = { kind: "expected" as const, day: next_settlement.day };
              setOpened({
                title: t("headline.nextLines", { day: next_settlement.day }),
                queryKey: keys.earnings.settlementLines(which),
                load: (page) => api.settlementLines(which, page),
              });
            }}
          >
            {t("headline.seeLines")}
          </button>
        )}{" "}
        {t("headline.rule")}
      </p>
      {opened && <OpenedLinesPanel opened={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
