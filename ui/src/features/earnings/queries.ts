// 收益's reads and exports. Figures change only through sync runs, which
// refresh this area; exports write files and change nothing here.
import { keepPreviousData, useMutation, useQuery, type QueryKey } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { ChartKind } from "../../bindings/ChartKind";
import type { Drill } from "../../bindings/Drill";
import type { MoneyKind } from "../../bindings/MoneyKind";
import type { MoneyRow } from "../../bindings/MoneyRow";
import type { Page } from "../../bindings/Page";
import type { PageRequest } from "../../bindings/PageRequest";
import type { ReportBy } from "../../bindings/ReportBy";
import type { SettlementLines } from "../../bindings/SettlementLines";
import type { TotalLines } from "../../bindings/TotalLines";
import type { Range } from "./ranges";

export function useReport(range: Range, by: ReportBy) {
  return useQuery({
    queryKey: keys.earnings.report(range.from, range.to, by),
    queryFn: () => api.earningsReport(range.from, range.to, by),
    placeholderData: keepPreviousData,
  });
}

export function useExportReport(range: Range, by: ReportBy, lang: string) {
  return useMutation({
    mutationFn: (format: "csv" | "xlsx") => api.exportReport(range.from, range.to, by, format, lang),
  });
}

export function useChart(kind: ChartKind, range: Range, lang: string) {
  return useQuery({
    queryKey: keys.earnings.chart(kind, range.from, range.to, lang),
    queryFn: () => api.earningsChart(kind, range.from, range.to, lang),
    placeholderData: keepPreviousData,
  });
}

export function useExportChart(kind: ChartKind, range: Range, lang: string) {
  return useMutation({
    mutationFn: (format: "svg" | "png") => api.exportChart(kind, range.from, range.to, format, lang),
  });
}

/** Copies the chart as a picture; `copy` puts the coming PNG on the clipboard. */
export function useCopyChart(
  kind: ChartKind,
  range: Range,
  lang: string,
  copy: (png: Promise<ArrayBuffer>) => Promise<void>,
) {
  return useMutation({ mutationFn: () => copy(api.earningsChartPng(kind, range.from, range.to, lang)) });
}

export function useMonthMoney(month: string) {
  return useQuery({
    queryKey: keys.earnings.month(month),
    queryFn: () => api.monthMoney(month),
    placeholderData: keepPreviousData,
  });
}

export function useTimeline(rowId: number) {
  return useQuery({ queryKey: keys.earnings.timeline(rowId), queryFn: () => api.rowTimeline(rowId) });
}

export function useShareCard(range: Range, rounded: boolean, lang: string) {
  return useMutation({ mutationFn: () => api.exportShareCard(range.from, range.to, rounded, lang) });
}

export function useRiskRadar(range: Range) {
  return useQuery({
    queryKey: keys.earnings.risk(range.from, range.to),
    queryFn: () => api.riskRadar(range.from, range.to),
    placeholderData: keepPreviousData,
  });
}

export function useCalendar() {
  return useQuery({ queryKey: keys.earnings.calendar(), queryFn: api.settlementCalendar });
}

/** Where order lines are read from, a page at a time (what `PagedList` reads). */
export type LineSource = { queryKey: QueryKey; load: (page: PageRequest) => Promise<Page<MoneyRow>> };

/** The lines behind one of the totals over `from`..`to`. */
export function totalLineSource(from: string, to: string, which: TotalLines): LineSource {
  return {
    queryKey: keys.earnings.totalLines(from, to, which),
    load: (page) => api.reportTotalLines(from, to, which, page),
  };
}

/** The lines behind one line of a report. */
export function reportLineSource(drill: Drill): LineSource {
  return { queryKey: keys.earnings.reportLines(drill), load: (page) => api.reportLines(drill, page) };
}

/** The lines behind a pay day, or those still at risk. */
export function settlementLineSource(which: SettlementLines): LineSource {
  return { queryKey: keys.earnings.settlementLines(which), load: (page) => api.settlementLines(which, page) };
}

/** A month's lines of one kind of money. */
export function monthRowSource(month: string, kind: MoneyKind): LineSource {
  return { queryKey: keys.earnings.monthRows(month, kind), load: (page) => api.monthMoneyRows(month, kind, page) };
}
