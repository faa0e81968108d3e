// The report's ranges, computed in Beijing days (the business's days,
// whatever the laptop's zone). Beijing is UTC+8 all year, so shifting the
// instant by 8 hours and reading UTC fields is exact.

export type Preset = "today" | "yesterday" | "d7" | "d30" | "d90" | "thisMonth" | "lastMonth" | "thisYear" | "custom";

export const PRESETS: Preset[] = [
  "today",
  "yesterday",
  "d7",
  "d30",
  "d90",
  "thisMonth",
  "lastMonth",
  "thisYear",
  "custom",
];

export type Range = { from: string; to: string };

function ymd(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** Beijing's today as a UTC-midnight date. */
function beijingToday(now: Date): Date {
  const b = new Date(now.getTime() + 8 * 3600 * 1000);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()));
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86400 * 1000);
}

export function rangeOf(preset: Exclude<Preset, "custom">, now: Date): Range {
  const today = beijingToday(now);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  switch (preset) {
    case "today":
      return { from: ymd(today), to: ymd(today) };
    case "yesterday":
      return { from: ymd(addDays(today, -1)), to: ymd(addDays(today, -1)) };
    case "d7":
      return { from: ymd(addDays(today, -6)), to: ymd(today) };
    case "d30":
      return { from: ymd(addDays(today, -29)), to: ymd(today) };
    case "d90":
      return { from: ymd(addDays(today, -89)), to: ymd(today) };
    case "thisMonth":
      return { from: ymd(new Date(Date.UTC(y, m, 1))), to: ymd(today) };
    case "lastMonth":
      return { from: ymd(new Date(Date.UTC(y, m - 1, 1))), to: ymd(new Date(Date.UTC(y, m, 0))) };
    case "thisYear":
      return { from: ymd(new Date(Date.UTC(y, 0, 1))), to: ymd(today) };
  }
}
