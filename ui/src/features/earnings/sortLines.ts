import type { ReportRow } from "../../bindings/ReportRow";

export type SortKey = "label" | "estimate_fen" | "settled_fen" | "orders";

// How a report's lines order by a column: by label as shown (`word`,
// Chinese collation) or by a figure, smallest first.
export function compareLines(key: SortKey, word: (row: ReportRow) => string): (a: ReportRow, b: ReportRow) => number {
  if (key === "label") return (a, b) => word(a).localeCompare(word(b), "zh-CN");
  return (a, b) => a[key] - b[key];
}
