import type { Label } from "../../bindings/Label";
import type { Message } from "../../i18n";

// A report line's label in the window's language: her own names and dates as
// they are, the engine's catalog keys (categories, statuses, weekdays) worded here.
export function lineLabel(label: Label, tm: (message: Message) => string): string {
  return label.kind === "named" ? label.value : tm(label.value);
}
