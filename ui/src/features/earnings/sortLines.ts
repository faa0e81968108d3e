import type { ReportRow } from "../../bindings/ReportRow";

export type SortKey = "label" | "estimate_fen" | "settled_fen" | "orders";

// A report's lines in the order she clicked: by label (Chinese collation) or by a figure.
export function sorted(rows: ReportRow[], sort: { key: SortKey; down: boolean } | null): ReportRow[] {
  if (!sort) return rows;
  const out = [...rows];
  out.sort((a, b) => {
    const order = sort.key === "label" ? a.label.localeCompare(b.label, "zh-CN") : a[sort.key] - b[sort.key];
    return sort.down ? -order : order;
  });
  return out;
}
