import { useI18n } from "../i18n";

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" aria-busy="true">
      {t("app.loading")}
    </p>
  );
}
