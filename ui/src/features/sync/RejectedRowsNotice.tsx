import type { RejectedRows } from "../../bindings/RejectedRows";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

/** Rows the platform sent that no reader could take: how many, and why. */
export function RejectedRowsNotice({ rejected }: { rejected: RejectedRows }) {
  const { t } = useI18n();
  if (rejected.total === 0) return null;
  return (
    <div className="notice" role="status" data-testid="sync-rejected">
      <strong>{t("sync.rejected.title", { rows: formatCount(rejected.total) })}</strong>
      <span>{t("sync.rejected.body")}</span>
      <ul>
        {rejected.reasons.map((reason) => (
          <li key={reason.field ?? ""}>
            {t("sync.rejected.reason", {
              field: reason.field ?? t("sync.rejected.wholeRow"),
              rows: formatCount(reason.rows),
            })}{" "}
            <span className="muted">
              {reason.example_row !== null && t("sync.rejected.example", { id: String(reason.example_row) })}{" "}
              {reason.example}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
