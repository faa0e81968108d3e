import { errorMessage, isAppError } from "../api";
import { useI18n } from "../i18n";

/**
 * How a form shows a refusal: the message at the field the store named, or,
 * for a refusal about no field of the form (or not the store's at all), the
 * error to show as a whole-form notice. `fields` names the form's own
 * fields; when given, a refusal about any other field counts as the form's.
 */
export function useFormErrors(error: unknown, fields?: readonly string[]) {
  const { tm } = useI18n();
  const field = isAppError(error) && error.field && (!fields || fields.includes(error.field)) ? error.field : null;
  return {
    fieldError: (name: string): string | null => (isAppError(error) && field === name ? tm(errorMessage(error)) : null),
    formError: field === null ? (error ?? null) : null,
  };
}
