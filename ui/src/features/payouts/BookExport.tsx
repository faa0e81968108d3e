import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useExportBook } from "./queries";

// The month's statements, lines and payments (tax withheld included) for her
// accountant, as one XLSX in Downloads. Exporting marks nothing paid.
export function BookExport({ month }: { month: string }) {
  const { t, lang } = useI18n();
  const exported = useExportBook(month, lang);
  return (
    <div className="inline" data-testid="book-export">
      <button type="button" disabled={exported.isPending} onClick={() => exported.mutate()}>
        {t("payout.book.export")}
      </button>
      {exported.isSuccess && (
        <p role="status" data-testid="book-saved">
          {t("payout.export.saved", { path: exported.data })}
        </p>
      )}
      {exported.isError && <ErrorNotice error={exported.error} />}
    </div>
  );
}
