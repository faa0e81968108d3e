// 收益's reads and exports, each of the platform she filters on (null: every
// platform). Figures change only through sync runs, which refresh this area;
// exports write files and change nothing here.
import { keepPreviousData, useMutation, useQueries, useQuery, type QueryKey } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { ChartKind } from "../../bindings/ChartKind";
import type { Drill } from "../../bindings/Drill";
import type { MoneyKind } from "../../bindings/MoneyKind";
import type { MoneyRow } from "../../bindings/MoneyRow";
import type { Page } from "../../bindings/Page";
import type { PageRequest } from "../../bindings/PageRequest";
import type { Platform } from "../../bindings/Platform";
import type { ReportBy } from "../../bindings/ReportBy";
import type { SettlementLines } from "../../bindings/SettlementLines";
import type { TotalLines } from "../../bindings/TotalLines";
import { PLATFORMS } from "./platforms";
import type { Range } from "./ranges";

export function useReport(range: Range, by: ReportBy, platform: Platform | null) {
  return useQuery({
    queryKey: keys.earnings.report(range.from, range.to, by, platform),
    queryFn: () => api.earningsReport(range.from, range.to, by, platform),
    placeholderData: keepPreviousData,
  });
}

export function useExportReport(range: Range, by: ReportBy, lang: string, platform: Platform | null) {
  return useMutation({
    mutationFn: (format: "csv" | "xlsx") => api.exportReport(range.from, range.to, by, format, lang, platform),
  });
}

export function useChart(kind: ChartKind, range: Range, lang: string, platform: Platform | null) {
  return useQuery({
    queryKey: keys.earnings.chart(kind, range.from, range.to, lang, platform),
    queryFn: () => api.earningsChart(kind, range.from, range.to, lang, platform),
    placeholderData: keepPreviousData,
  });
}

export function useExportChart(kind: ChartKind, range: Range, lang: string, platform: Platform | null) {
  return useMutation({
    mutationFn: (format: "svg" | "png") => api.exportChart(kind, range.from, range.to, format, lang, platform),
  });
}

/** Copies the chart as a picture; `copy` puts the coming PNG on the clipboard. */
export function useCopyChart(
  kind: ChartKind,
  range: Range,
  lang: string,
  platform: Platform | null,
  copy: (png: Promise<ArrayBuffer>) => Promise<void>,
) {
  return useMutation({ mutationFn: () => copy(api.earningsChartPng(kind, range.from, range.to, lang, platform)) });
}

export function useMonthMoney(month: string, platform: Platform | null) {
  return useQuery({
    queryKey: keys.earnings.month(month, platform),
    queryFn: () => api.monthMoney(month, platform),
    placeholderData: keepPreviousData,
  });
}

export function useTimeline(rowId: number) {
  return useQuery({ queryKey: keys.earnings.timeline(rowId), queryFn: () => api.rowTimeline(rowId) });
}

export function useShareCard(range: Range, rounded: boolean, lang: string, platform: Platform | null) {
  return useMutation({ mutationFn: () => api.exportShareCard(range.from, range.to, rounded, lang, platform) });
}

export function useRiskRadar(range: Range, platform: Platform | null) {
  return useQuery({
    queryKey: keys.earnings.risk(range.from, range.to, platform),
    queryFn: () => api.riskRadar(range.from, range.to, platform),
    placeholderData: keepPreviousData,
  });
}

export function useCalendar(platform: Platform | null) {
  return useQuery({ queryKey: keys.earnings.calendar(platform), queryFn: () => api.settlementCalendar(platform) });
}

/**
 * Each platform's own calendar, read only beside the calendar of all
 * (`enabled`): what each platform is expected to pay on each day.
 */
export function usePlatformCalendars(enabled: boolean) {
  return useQueries({
    queries: PLATFORMS.map((platform) => ({
      queryKey: keys.earnings.calendar(platform),
      queryFn: () => api.settlementCalendar(platform),
      enabled,
    })),
  });
}

/** Where order lines are read from, a page at a time (what `PagedList` reads). */
export type LineSource = { queryKey: QueryKey; load: (page: PageRequest) => Promise<Page<MoneyRow>> };

/** The lines behind one of the totals over `from`..`to`. */
export function totalLineSource(from: string, to: string, which: TotalLines, platform: Platform | null): LineSource {
  return {
    queryKey: keys.earnings.totalLines(from, to, which, platform),
    load: (page) => api.reportTotalLines(from, to, which, page, platform),
  };
}

/** The lines behind one line of a report. */
export function reportLineSource(drill: Drill): LineSource {
  return { queryKey: keys.earnings.reportLines(drill), load: (page) => api.reportLines(drill, page) };
}

/** The lines behind a pay day, or those still at risk. */
export function settlementLineSource(which: SettlementLines, platform: Platform | null): LineSource {
  return {
    queryKey: keys.earnings.settlementLines(which, platform),
    load: (page) => api.settlementLines(which, page, platform),
  };
}

/** A month's lines of one kind of money. */
export function monthRowSource(month: string, kind: MoneyKind, platform: Platform | null): LineSource {
  return {
    queryKey: keys.earnings.monthRows(month, kind, platform),
    load: (page) => api.monthMoneyRows(month, kind, page, platform),
  };
}
