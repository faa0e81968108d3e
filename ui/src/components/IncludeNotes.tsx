import { useI18n } from "../i18n";

/** The pack export's "include private notes" choice, off unless she ticks it. */
export function IncludeNotes({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {t("packs.includeNotes")}
    </label>
  );
}
