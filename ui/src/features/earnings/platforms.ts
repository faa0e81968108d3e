import type { MoneyRow } from "../../bindings/MoneyRow";
import type { Platform } from "../../bindings/Platform";
import type { MessageKey } from "../../i18n";
import { PLATFORMS } from "../../platforms";

export { PLATFORMS };

/** What the platform filter holds: one platform, or every one. */
export type PlatformChoice = Platform | "all";

export const PLATFORM_CHOICES: readonly PlatformChoice[] = ["all", ...PLATFORMS];

/** The platform the reads are of: null reads every platform. */
export function platformOf(choice: PlatformChoice): Platform | null {
  return choice === "all" ? null : choice;
}

/**
 * A row's status as she reads it on every platform: the one-life word, the
 * platform, and for 多多进宝 and 淘宝联盟 their own code ("已结算 · 多多进宝 5"),
 * whose back offices she checks it against; JD's own code is the word.
 */
export function statusOf(row: MoneyRow, t: (key: MessageKey) => string): string {
  const own = row.platform !== "jd" && row.platform_status !== null ? ` ${row.platform_status}` : "";
  return `${t(`orderStatus.${row.status}`)} · ${t(`platform.${row.platform}`)}${own}`;
}
