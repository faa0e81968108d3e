import { useRef, useState } from "react";
import { api, errorMessage, isAppError } from "../../api";
import { useI18n } from "../../i18n";
import { Picture } from "../materials/Picture";

// One picture (a 收款码, a transfer's voucher), kept by the store as soon as
// she picks it, as the library keeps a material's pictures.
export function PicturePick({
  label,
  hash,
  onHash,
}: {
  label: string;
  hash: string | null;
  onHash: (hash: string | null) => void;
}) {
  const { t, tm } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  const [adding, setAdding] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const add = async (file: File | undefined) => {
    if (!file) return;
    setAdding(true);
    setRefused(null);
    try {
      onHash((await api.addPicture(file)).hash);
    } catch (error) {
      setRefused(isAppError(error) ? tm(errorMessage(error)) : String(error));
    } finally {
      setAdding(false);
    }
  };

  return (
    <div className="picture-pick">
      <span>{label}</span>
      {hash && <Picture hash={hash} alt={label} />}
      <button type="button" onClick={() => picker.current?.click()} disabled={adding}>
        {adding ? t("materials.addingPictures") : hash ? t("payout.picture.replace") : t("payout.picture.pick")}
      </button>
      {hash && (
        <button type="button" onClick={() => onHash(null)}>
          {t("payout.picture.remove")}
        </button>
      )}
      <input
        ref={picker}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        hidden
        aria-label={label}
        onChange={(e) => {
          void add(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
      {refused && (
        <span className="field-error" role="alert">
          {refused}
        </span>
      )}
    </div>
  );
}
