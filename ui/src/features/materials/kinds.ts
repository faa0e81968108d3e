import type { MaterialKind } from "../../bindings/MaterialKind";

// In the order a trainer reaches for them.
export const KINDS: MaterialKind[] = [
  "script",
  "daily_kit",
  "poster",
  "course",
  "campaign",
  "product_intro",
  "brand",
  "income_model",
  "fission",
];
