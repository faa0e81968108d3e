import type { StatementFormat } from "../../api/payouts";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useExportStatement } from "./queries";

const FORMATS: StatementFormat[] = ["png", "pdf", "xlsx"];

// The partner's statement as a file in Downloads: a PNG for WeChat, a PDF,
// an XLSX. Exporting marks nothing paid.
export function StatementExport({ partner, month }: { partner: number; month: string }) {
  const { t, lang } = useI18n();
  const exported = useExportStatement(partner, month, lang);
  return (
    <div className="inline" data-testid="statement-export">
      <span>{t("payout.export.label")}</span>
      {FORMATS.map((format) => (
        <button key={format} type="button" disabled={exported.isPending} onClick={() => exported.mutate(format)}>
          {format.toUpperCase()}
        </button>
      ))}
      {exported.isSuccess && (
        <p role="status" data-testid="statement-saved">
          {t("payout.export.saved", { path: exported.data })}
        </p>
      )}
      {exported.isError && <ErrorNotice error={exported.error} />}
    </div>
  );
}
