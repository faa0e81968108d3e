import { useState, type ReactNode } from "react";
import { useI18n } from "../../i18n";

// Full contacts leave the laptop in plaintext: asked once more, each time.
function RevealConfirm({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
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

// The "full contacts" box of an export and its confirmation: `start(choice)`
// exports masked at once, or asks first when the box is ticked, then calls
// `run(choice, reveal)`.
export function useRevealedExport<T>(run: (choice: T, reveal: boolean) => void): {
  start: (choice: T) => void;
  checkbox: ReactNode;
  dialog: ReactNode;
} {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState<{ choice: T } | null>(null);
  const start = (choice: T) => (reveal ? setAsking({ choice }) : run(choice, false));
  const checkbox = (
    <label className="inline">
      <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
      {t("export.reveal")}
    </label>
  );
  const dialog = asking && (
    <RevealConfirm
      onYes={() => {
        run(asking.choice, true);
        setAsking(null);
      }}
      onNo={() => setAsking(null)}
    />
  );
  return { start, checkbox, dialog };
}
