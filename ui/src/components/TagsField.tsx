import { useI18n } from "../i18n";
import { Field } from "./Field";

// Tags typed as one line, split on commas (either width) when saved.
export function TagsField({
  label,
  value,
  onChange,
  error,
  wide,
}: {
  label: string;
  value: string;
  onChange: (tags: string) => void;
  error: string | null;
  wide?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Field label={label} error={error} wide={wide}>
      <input
        name="tags"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t("groupForm.tagsHint")}
      />
    </Field>
  );
}
