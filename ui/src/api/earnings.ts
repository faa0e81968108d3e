// Her commission: reports, charts, the calendar, the risk radar. Calls over the generated client (../bindings/commands.ts).
// Each read takes the platform its figures are of; null (the default) is every platform.
import { commands } from "../bindings/commands";
import type { ChartKind } from "../bindings/ChartKind";
import type { Drill } from "../bindings/Drill";
import type { MoneyKind } from "../bindings/MoneyKind";
import type { PageRequest } from "../bindings/PageRequest";
import type { Platform } from "../bindings/Platform";
import type { ReportBy } from "../bindings/ReportBy";
import type { SettlementLines } from "../bindings/SettlementLines";
import type { TotalLines } from "../bindings/TotalLines";

export const earningsApi = {
  dashboard: (platform: Platform | null = null) => commands.dashboard({ platform }),
  earningsHeadline: (platform: Platform | null = null) => commands.earningsHeadline({ platform }),
  earningsReport: (from: string, to: string, by: ReportBy, platform: Platform | null = null) =>
    commands.earningsReport({ from, to, by, platform }),
  // The drill names the platform of the report it came from.
  reportLines: (drill: Drill, page: PageRequest) => commands.reportLines({ drill, page }),
  reportTotalLines: (
    from: string,
    to: string,
    which: TotalLines,
    page: PageRequest,
    platform: Platform | null = null,
  ) => commands.reportTotalLines({ from, to, which, page, platform }),
  exportReport: (
    from: string,
    to: string,
    by: ReportBy,
    format: "csv" | "xlsx",
    lang: string,
    platform: Platform | null = null,
  ) => commands.exportReport({ from, to, by, format, lang, platform }),
  earningsChart: (kind: ChartKind, from: string, to: string, lang: string, platform: Platform | null = null) =>
    commands.earningsChart({ kind, from, to, lang, platform }),
  earningsChartPng: (kind: ChartKind, from: string, to: string, lang: string, platform: Platform | null = null) =>
    commands.earningsChartPng({ kind, from, to, lang, platform }),
  exportChart: (
    kind: ChartKind,
    from: string,
    to: string,
    format: "svg" | "png",
    lang: string,
    platform: Platform | null = null,
  ) => commands.exportChart({ kind, from, to, format, lang, platform }),
  exportShareCard: (from: string, to: string, rounded: boolean, lang: string, platform: Platform | null = null) =>
    commands.exportShareCard({ from, to, rounded, lang, platform }),
  settlementCalendar: (platform: Platform | null = null) => commands.settlementCalendar({ platform }),
  settlementLines: (which: SettlementLines, page: PageRequest, platform: Platform | null = null) =>
    commands.settlementLines({ which, page, platform }),
  riskRadar: (from: string, to: string, platform: Platform | null = null) => commands.riskRadar({ from, to, platform }),
  riskFlags: () => commands.riskFlags(),
  markRiskSeen: (through: number) => commands.markRiskSeen({ through }),
  trendChart: (lang: string, platform: Platform | null = null) => commands.trendChart({ lang, platform }),
  monthMoney: (month: string, platform: Platform | null = null) => commands.monthMoney({ month, platform }),
  monthMoneyRows: (month: string, kind: MoneyKind, page: PageRequest, platform: Platform | null = null) =>
    commands.monthMoneyRows({ month, kind, page, platform }),
  rowTimeline: (rowId: number) => commands.rowTimeline({ rowId }),
};
