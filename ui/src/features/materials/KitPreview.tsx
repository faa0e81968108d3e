import { useState } from "react";
import { api } from "../../api";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Material } from "../../bindings/Material";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { Picture } from "./Picture";
import { useClipboardCopy, useExportPoster, useSavePictures } from "./queries";

/** One bubble of the post, in the order it is sent. */
export type Bubble =
  { kind: "text"; text: string } | { kind: "image"; hash: string } | { kind: "poster"; hash: string };

// The material's parts with its filled texts in their places: the body
// first, then each text block and the link in turn.
export function bubblesOf(material: Material, texts: string[]): Bubble[] {
  const out: Bubble[] = [{ kind: "text", text: texts[0] ?? "" }];
  let next = 1;
  for (const part of material.parts) {
    if (part.kind === "text" || part.kind === "link") out.push({ kind: "text", text: texts[next++] ?? "" });
    else if (part.kind === "image") out.push({ kind: "image", hash: part.image });
    else out.push({ kind: "poster", hash: part.image });
  }
  return out;
}

// WeChat takes pictures from the clipboard as PNG; the original is drawn
// into one, untouched in size. The clipboard is written at once, with the
// picture still to come: WebKit allows a write only while the click that
// asked for it is fresh, and fetching the picture takes longer.
function copyPicture(hash: string): Promise<void> {
  const png = (async () => {
    const bytes = await api.picture(hash, true);
    const bitmap = await createImageBitmap(new Blob([bytes]));
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0);
    return new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("toBlob"))), "image/png"),
    );
  })();
  return navigator.clipboard.write([new ClipboardItem({ "image/png": png })]);
}

// The post as it will look, as a group chat and as a 朋友圈 nine-grid, with
// a copy button on each text and picture, the pictures saved to a folder
// as 1, 2, 3…, and the poster exported with the QR code of her link.
export function KitPreview({
  material,
  texts,
  target,
  onCopied,
  onClose,
}: {
  material: Material;
  texts: string[];
  target: LinkTarget | null;
  onCopied: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<"chat" | "moments">("chat");
  const [copied, setCopied] = useState<number | null>(null);
  const bubbles = bubblesOf(material, texts);
  const pictures = bubbles.filter((b) => b.kind !== "text");
  const copy = useClipboardCopy(async ({ index, bubble }: { index: number; bubble: Bubble }) => {
    if (bubble.kind === "text") await navigator.clipboard.writeText(bubble.text);
    else await copyPicture(bubble.hash);
    setCopied(index);
    onCopied();
  });
  const save = useSavePictures(material.id);
  const poster = useExportPoster(material.id);
  const failed = copy.error ?? save.error ?? poster.error;
  const hasPoster = material.parts.some((p) => p.kind === "poster");

  return (
    <section className="kit-preview" data-testid="kit-preview" aria-label={t("materials.preview")}>
      <div className="inline" role="tablist">
        <button type="button" role="tab" aria-selected={view === "chat"} onClick={() => setView("chat")}>
          {t("materials.previewChat")}
        </button>
        <button type="button" role="tab" aria-selected={view === "moments"} onClick={() => setView("moments")}>
          {t("materials.previewMoments")}
        </button>
        <button type="button" onClick={onClose}>
          {t("materials.closePreview")}
        </button>
      </div>
      {view === "chat" ? (
        <ol className="chat" data-testid="chat-preview">
          {bubbles.map((bubble, index) => (
            <li key={index} className={`bubble bubble-${bubble.kind}`}>
              {bubble.kind === "text" ? (
                <p className="bubble-text">{bubble.text}</p>
              ) : (
                <Picture hash={bubble.hash} alt={t("materials.imagePart", { n: index + 1 })} />
              )}
              <button type="button" onClick={() => copy.mutate({ index, bubble })} disabled={copy.isPending}>
                {copied === index
                  ? t("materials.copied")
                  : bubble.kind === "text"
                    ? t("materials.copyText")
                    : t("materials.copyPicture")}
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <div className="moments" data-testid="moments-preview">
          <p className="bubble-text">{bubbles[0].kind === "text" ? bubbles[0].text : ""}</p>
          <div className={`nine-grid nine-grid-${Math.min(pictures.length, 9)}`}>
            {pictures.slice(0, 9).map((p, i) => (
              <Picture key={i} hash={p.hash} alt={t("materials.imagePart", { n: i + 1 })} />
            ))}
          </div>
        </div>
      )}
      <div className="inline">
        {pictures.length > 0 && (
          <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
            {t("materials.savePictures")}
          </button>
        )}
        {hasPoster && target && (
          <button type="button" onClick={() => poster.mutate(target)} disabled={poster.isPending}>
            {t("materials.exportPoster")}
          </button>
        )}
        {hasPoster && !target && <span className="muted">{t("materials.posterNeedsTarget")}</span>}
      </div>
      {save.data && (
        <p className="notice" data-testid="pictures-saved">
          {t("materials.picturesSaved", { path: save.data })}
        </p>
      )}
      {poster.data && (
        <p className="notice" data-testid="poster-saved">
          {t("materials.posterSaved", { path: poster.data })}
        </p>
      )}
      {failed && <ErrorNotice error={failed} />}
    </section>
  );
}
