import { useI18n } from "../../i18n";

// Full contacts leave the laptop in plaintext: asked once more, each time.
export function RevealConfirm({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice" role="alertdialog" aria-label={t("export.reveal")}>
      <p>{t("export.revealConfirm")}</p>
      <button type="button" className="primary" onClick={onYes}>
        {t("export.revealYes")}
      </button>
      <button type="button" onClick={onNo} autoFocus>
        {t("export.revealNo")}
      </button>
    </div>
  );
}
