// Money arrives as integer fen; formatting never goes through floating
// point, so ¥0.29 stays ¥0.29.
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}¥${yuan.toLocaleString("en-US")}.${cents}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

// The last `count` Beijing months, newest first, as `yyyy-MM`: the business
// runs on Beijing time whatever the laptop's zone. Beijing is UTC+8 all year,
// so plain arithmetic is exact (and needs no locale data, which WebKitGTK
// may lack).
export function recentBeijingMonths(now: Date, count: number): string[] {
  const beijing = new Date(now.getTime() + 8 * 3600 * 1000);
  const current = beijing.getUTCFullYear() * 12 + beijing.getUTCMonth();
  return Array.from({ length: count }, (_, back) => {
    const index = current - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

// Tags as typed in one box: separated by an English or Chinese comma or 、.
export function parseTags(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// A moment as a Beijing date and time (business days are Beijing days,
// whatever the laptop's zone): 2026-12-01 08:05.
export function formatTime(epochSecs: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(epochSecs * 1000));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}
