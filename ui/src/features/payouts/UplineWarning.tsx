import { useI18n } from "../../i18n";

// What an upline share is in the law's eyes, said plainly where she turns it on.
export function UplineWarning() {
  const { t } = useI18n();
  return (
    <div className="notice wide" role="note" data-testid="upline-warning">
      <strong>{t("payout.upline.warningTitle")}</strong>
      <p>{t("payout.upline.warning")}</p>
      <p className="muted">{t("payout.upline.notAdvice")}</p>
    </div>
  );
}
