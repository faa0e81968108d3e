// Rates, yuan and days as 分润's forms type them. The store sends rates as
// hundredths of a percent and money as fen; the forms send what she typed,
// which the engine checks, so these only turn a stored figure back into text
// and never round.

/** 1050 (hundredths of a percent) as "10.5". */
export function rateText(hundredths: number): string {
  return trimmed(hundredths);
}

/** 1230 fen as "12.3"; a whole amount as "12". */
export function yuanText(fen: number): string {
  return trimmed(fen);
}

function trimmed(hundredths: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(hundredths));
  const cents = String(abs % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${Math.trunc(abs / 100)}${cents ? `.${cents}` : ""}`;
}

/** Typed yuan as fen, or null when it is not an amount of at most two decimals. */
export function fenOf(text: string): number | null {
  const found = /^\s*(-?)(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!found) return null;
  const fen = Number(found[2]) * 100 + Number((found[3] ?? "").padEnd(2, "0"));
  return found[1] ? -fen : fen;
}

/** Today in Beijing (UTC+8 all year), as a date field writes a day. */
export function beijingToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** "2026-11" as its month number, 11: how a Chinese sentence names it. */
export function monthNumber(month: string): string {
  return String(Number(month.slice(5, 7)));
}
