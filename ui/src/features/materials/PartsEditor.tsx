import { useRef, useState, type ClipboardEvent, type DragEvent } from "react";
import { api, errorMessage, isAppError } from "../../api";
import type { Part } from "../../bindings/Part";
import { useI18n } from "../../i18n";
import { Picture } from "./Picture";

const MAX_IMAGES = 9;
const DEFAULT_QR = { x: 700, y: 760, size: 250 };

type Refusal = { file: string; reason: string };

// What follows the body, in posting order: text blocks, pictures (picked,
// dropped or pasted), the product link and a poster with its QR slot. Each
// picture is kept by the store as soon as it is added; one that is refused
// is named with its reason and nothing else changes.
export function PartsEditor({ parts, onChange }: { parts: Part[]; onChange: (parts: Part[]) => void }) {
  const { t, tm } = useI18n();
  const [refused, setRefused] = useState<Refusal[]>([]);
  const [adding, setAdding] = useState(false);
  const picturePicker = useRef<HTMLInputElement>(null);
  const posterPicker = useRef<HTMLInputElement>(null);
  const images = parts.filter((p) => p.kind === "image").length;

  const addFiles = async (files: File[], asPoster: boolean) => {
    setAdding(true);
    const refusals: Refusal[] = [];
    const added: Part[] = [];
    let room = MAX_IMAGES - images;
    for (const file of files) {
      if (!asPoster && room <= 0) {
        refusals.push({ file: file.name, reason: t("materials.tooManyImages", { max: MAX_IMAGES }) });
        continue;
      }
      try {
        const info = await api.addPicture(file);
        added.push(
          asPoster ? { kind: "poster", image: info.hash, qr: DEFAULT_QR } : { kind: "image", image: info.hash },
        );
        room -= 1;
        if (asPoster) break;
      } catch (error) {
        refusals.push({
          file: file.name || t("materials.pastedPicture"),
          reason: isAppError(error) ? tm(errorMessage(error)) : String(error),
        });
      }
    }
    setAdding(false);
    setRefused(refusals);
    if (added.length > 0) {
      onChange(asPoster ? [...parts.filter((p) => p.kind !== "poster"), ...added] : [...parts, ...added]);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void addFiles([...event.dataTransfer.files], false);
  };
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files];
    if (files.length > 0) {
      event.preventDefault();
      void addFiles(files, false);
    }
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= parts.length) return;
    const next = [...parts];
    const [part] = next.splice(from, 1);
    next.splice(to, 0, part);
    onChange(next);
  };
  const replace = (index: number, part: Part) => onChange(parts.map((p, i) => (i === index ? part : p)));
  const remove = (index: number) => onChange(parts.filter((_, i) => i !== index));
  const hasLink = parts.some((p) => p.kind === "link");

  return (
    <fieldset className="wide parts" data-testid="parts-editor">
      <legend>{t("materials.parts")}</legend>
      <p className="muted">{t("materials.partsHint")}</p>
      <ol className="part-list">
        {parts.map((part, index) => (
          <li key={index} className="part" data-kind={part.kind}>
            {part.kind === "text" && (
              <textarea
                name={`part-${index}`}
                aria-label={t("materials.textPart", { n: index + 1 })}
                value={part.text}
                rows={3}
                onChange={(e) => replace(index, { kind: "text", text: e.target.value })}
              />
            )}
            {part.kind === "image" && <Picture hash={part.image} alt={t("materials.imagePart", { n: index + 1 })} />}
            {part.kind === "link" && <span className="tag">{t("materials.linkPart")}</span>}
            {part.kind === "poster" && (
              <div className="poster-part">
                <Picture hash={part.image} alt={t("materials.posterPart")} />
                {(["x", "y", "size"] as const).map((axis) => (
                  <label key={axis}>
                    {t(`materials.qr.${axis}`)}
                    <input
                      type="number"
                      min={0}
                      max={1000}
                      value={part.qr[axis]}
                      onChange={(e) => replace(index, { ...part, qr: { ...part.qr, [axis]: Number(e.target.value) } })}
                    />
                  </label>
                ))}
              </div>
            )}
            <div className="inline part-actions">
              <button type="button" onClick={() => move(index, index - 1)} aria-label={t("materials.moveUp")}>
                ↑
              </button>
              <button type="button" onClick={() => move(index, index + 1)} aria-label={t("materials.moveDown")}>
                ↓
              </button>
              <button type="button" onClick={() => remove(index)}>
                {t("materials.removePart")}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div
        className="drop-zone"
        data-testid="picture-drop"
        tabIndex={0}
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        onPaste={onPaste}
      >
        {adding ? t("materials.addingPictures") : t("materials.dropPictures", { left: MAX_IMAGES - images })}
      </div>
      <div className="inline">
        <button type="button" onClick={() => onChange([...parts, { kind: "text", text: "" }])}>
          {t("materials.addText")}
        </button>
        <button type="button" onClick={() => picturePicker.current?.click()}>
          {t("materials.addPictures")}
        </button>
        <input
          ref={picturePicker}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          multiple
          hidden
          data-testid="picture-picker"
          onChange={(e) => {
            void addFiles([...(e.target.files ?? [])], false);
            e.target.value = "";
          }}
        />
        <button type="button" onClick={() => onChange([...parts, { kind: "link" }])} disabled={hasLink}>
          {t("materials.addLink")}
        </button>
        <button type="button" onClick={() => posterPicker.current?.click()}>
          {t("materials.addPoster")}
        </button>
        <input
          ref={posterPicker}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          hidden
          onChange={(e) => {
            void addFiles([...(e.target.files ?? [])], true);
            e.target.value = "";
          }}
        />
      </div>
      {refused.length > 0 && (
        <ul className="field-error" role="alert" data-testid="picture-refused">
          {refused.map((r, i) => (
            <li key={i}>
              {r.file}：{r.reason}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
