import { useI18n, type MessageKey } from "../i18n";
import { ErrorNotice } from "./ErrorNotice";

// A form's save and cancel: the submit button first, the way out after;
// above them, a refusal that is about the whole form (`useFormErrors`).
export function FormActions({
  disabled,
  onCancel,
  error = null,
  saveLabel = "form.save",
  cancelLabel = "form.cancel",
}: {
  disabled: boolean;
  onCancel?: () => void;
  error?: unknown;
  saveLabel?: MessageKey;
  cancelLabel?: MessageKey;
}) {
  const { t } = useI18n();
  return (
    <>
      {error !== null && (
        <div className="wide">
          <ErrorNotice error={error} />
        </div>
      )}
      <div className="wide inline">
        <button type="submit" className="primary" disabled={disabled}>
          {t(saveLabel)}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t(cancelLabel)}
          </button>
        )}
      </div>
    </>
  );
}
