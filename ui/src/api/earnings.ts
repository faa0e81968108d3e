// Her commission: reports, charts, the calendar, the risk radar. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { ChartKind } from "../bindings/ChartKind";
import type { Drill } from "../bindings/Drill";
import type { MoneyKind } from "../bindings/MoneyKind";
import type { PageRequest } from "../bindings/PageRequest";
import type { ReportBy } from "../bindings/ReportBy";
import type { SettlementLines } from "../bindings/SettlementLines";
import type { TotalLines } from "../bindings/TotalLines";

export const earningsApi = {
  dashboard: () => commands.dashboard(),
  earningsHeadline: () => commands.earningsHeadline(),
  earningsReport: (from: string, to: string, by: ReportBy) => commands.earningsReport({ from, to, by }),
  reportLines: (drill: Drill, page: PageRequest) => commands.reportLines({ drill, page }),
  reportTotalLines: (from: string, to: string, which: TotalLines, page: PageRequest) =>
    commands.reportTotalLines({ from, to, which, page }),
  exportReport: (from: string, to: string, by: ReportBy, format: "csv" | "xlsx", lang: string) =>
    commands.exportReport({ from, to, by, format, lang }),
  earningsChart: (kind: ChartKind, from: string, to: string, lang: string) =>
    commands.earningsChart({ kind, from, to, lang }),
  earningsChartPng: (kind: ChartKind, from: string, to: string, lang: string) =>
    commands.earningsChartPng({ kind, from, to, lang }),
  exportChart: (kind: ChartKind, from: string, to: string, format: "svg" | "png", lang: string) =>
    commands.exportChart({ kind, from, to, format, lang }),
  exportShareCard: (from: string, to: string, rounded: boolean, lang: string) =>
    commands.exportShareCard({ from, to, rounded, lang }),
  settlementCalendar: () => commands.settlementCalendar(),
  settlementLines: (which: SettlementLines, page: PageRequest) => commands.settlementLines({ which, page }),
  riskRadar: (from: string, to: string) => commands.riskRadar({ from, to }),
  riskFlags: () => commands.riskFlags(),
  markRiskSeen: () => commands.markRiskSeen(),
  trendChart: (lang: string) => commands.trendChart({ lang }),
  monthMoney: (month: string) => commands.monthMoney({ month }),
  monthMoneyRows: (month: string, kind: MoneyKind, page: PageRequest) => commands.monthMoneyRows({ month, kind, page }),
  rowTimeline: (rowId: number) => commands.rowTimeline({ rowId }),
};
