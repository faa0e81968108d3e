import { useEffect, useState } from "react";
import type { PayoutPlanInput } from "../../bindings/PayoutPlanInput";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { usePlanPreview } from "./queries";

const PREVIEW_AFTER_MS = 500;

// What last month would have paid under the plan as typed, asked once she
// pauses typing; a plan the engine refuses shows no figures.
export function PlanPreviewLine({ plan }: { plan: PayoutPlanInput }) {
  const { t } = useI18n();
  const asked = useSettled(plan);
  const preview = usePlanPreview(asked);
  return (
    <p className="wide muted" role="status" data-testid="plan-preview">
      {preview.data && !preview.isError
        ? t("payout.preview.line", {
            month: preview.data.month,
            settled: formatFen(preview.data.settled),
            partners: formatFen(preview.data.partners),
            hers: formatFen(preview.data.hers),
            count: preview.data.partnersPaid,
          })
        : t("payout.preview.waiting")}
    </p>
  );
}

/** `value` once it has stayed the same for a moment; null until then. */
function useSettled<T>(value: T): T | null {
  const text = JSON.stringify(value);
  const [settled, setSettled] = useState<T | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(text) as T), PREVIEW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}
