import { errorMessage, isAppError } from "../api";
import { useI18n, type MessageKey } from "../i18n";

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, tm } = useI18n();
  const title = isAppError(error) ? t(`error.${error.code}` as MessageKey) : t("error.Internal");
  const detail = isAppError(error) ? tm(errorMessage(error)) : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      <span>{detail}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}
