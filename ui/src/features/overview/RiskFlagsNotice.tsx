import { useState } from "react";
import type { RiskJump } from "../../bindings/RiskJump";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { CareForm } from "../care/CareForm";
import { useMarkRiskSeen, useRiskFlags } from "./queries";

// 总览's risk flags: risk lines new since she last looked, and partners whose
// share of risk lines jumped this week; a penalty is one click from each.
export function RiskFlagsNotice() {
  const { t } = useI18n();
  const flags = useRiskFlags();
  const seen = useMarkRiskSeen();
  const [penalty, setPenalty] = useState<RiskJump | null>(null);
  if (flags.isError) return <ErrorNotice error={flags.error} onRetry={() => void flags.refetch()} />;
  if (!flags.data || (flags.data.new_rows === 0 && flags.data.jumps.length === 0)) return null;
  const { new_rows, through, jumps } = flags.data;

  return (
    <section className="notice risk-flags" role="status" data-testid="risk-flags">
      {new_rows > 0 && (
        <p>
          {t("risk.newRows", { rows: new_rows })}{" "}
          <button type="button" onClick={() => seen.mutate(through)} disabled={seen.isPending}>
            {t("risk.seen")}
          </button>
        </p>
      )}
      {jumps.length > 0 && (
        <ul>
          {jumps.map((j) => (
            <li key={j.partner_id} data-testid="risk-jump">
              {t("risk.jump", {
                name: j.name,
                rows: j.recent_rows,
                now: j.recent_share_pct.toFixed(0),
                before: j.before_share_pct.toFixed(0),
              })}{" "}
              <button type="button" onClick={() => setPenalty(j)}>
                {t("risk.penalty")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {penalty && (
        <CareForm
          key={penalty.partner_id}
          partnerId={penalty.partner_id}
          compact
          kind="penalty"
          note={t("risk.jumpNote", { rows: penalty.recent_rows })}
          onSaved={() => setPenalty(null)}
        />
      )}
    </section>
  );
}
