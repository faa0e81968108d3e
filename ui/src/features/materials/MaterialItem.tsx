import { useState } from "react";
import type { Material } from "../../bindings/Material";
import type { Segment } from "../../bindings/Segment";
import type { LinkTarget } from "../../bindings/LinkTarget";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatTime } from "../../format";
import { useI18n } from "../../i18n";
import { MaterialPosts } from "../posting/MaterialPosts";
import { Highlighted } from "./Highlighted";
import { KitPreview } from "./KitPreview";
import { Picture } from "./Picture";
import { useDuplicate, useRecordUse, useSetArchived } from "./queries";
import { CopyAsk, NOTHING_KNOWN, useCopyFlow } from "./useCopyFlow";

// One material in the list or among search hits: its text as it will paste,
// its marks (kind, tags, expired, uses) and what can be done with it.
export function MaterialItem({
  material,
  title,
  snippet,
  onEdit,
  onHistory,
  onArchived,
}: {
  material: Material;
  title?: Segment[];
  snippet?: Segment[];
  onEdit: () => void;
  onHistory: () => void;
  onArchived: (material: Material) => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const [preview, setPreview] = useState<{ texts: string[]; target: LinkTarget | null } | null>(null);
  const [counted, setCounted] = useState(false);
  const [record, setRecord] = useState(false);
  const recordUse = useRecordUse();
  // A plain text goes straight to the clipboard; a kit opens its preview,
  // where each part is copied in turn.
  const plain = material.parts.length === 0;
  const flow = useCopyFlow(material.id, async ({ texts, target, written }) => {
    if (written) {
      setCopied(true);
      await recordUse(material.id);
      return;
    }
    setCounted(false);
    setPreview({ texts, target });
  });
  const duplicate = useDuplicate();
  const archive = useSetArchived(onArchived);
  const failed = flow.error ?? duplicate.error ?? archive.error;

  return (
    <li className={material.expired ? "material expired" : "material"} data-testid="material" data-id={material.id}>
      <MaterialHead material={material} title={title} />
      {snippet ? (
        <p className="material-snippet">
          <Highlighted segments={snippet} />
        </p>
      ) : (
        <p className="material-body">{material.body}</p>
      )}
      {material.parts.some((p) => p.kind === "image" || p.kind === "poster") && (
        <div className="thumbs" data-testid="material-pictures">
          {material.parts.map((p, i) =>
            p.kind === "image" || p.kind === "poster" ? (
              <Picture key={i} hash={p.image} alt={t("materials.imagePart", { n: i + 1 })} />
            ) : null,
          )}
        </div>
      )}
      <div className="inline material-actions">
        {material.archived_at === null && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => flow.copy(null, NOTHING_KNOWN, plain)}
              disabled={flow.pending}
            >
              {copied ? t("materials.copied") : t("materials.copy")}
            </button>
            <button type="button" onClick={() => flow.ask(null)} disabled={flow.pending}>
              {t("materials.copyFor")}
            </button>
          </>
        )}
        <button type="button" onClick={onEdit} disabled={material.archived_at !== null}>
          {t("materials.edit")}
        </button>
        <button type="button" onClick={() => duplicate.mutate(material.id)} disabled={duplicate.isPending}>
          {t("materials.duplicate")}
        </button>
        <button type="button" onClick={onHistory}>
          {t("materials.versions")}
        </button>
        <button type="button" onClick={() => setRecord((r) => !r)} aria-expanded={record}>
          {t("materialPosts.show")}
        </button>
        <button
          type="button"
          onClick={() => archive.mutate({ id: material.id, archived: material.archived_at === null })}
          disabled={archive.isPending}
        >
          {material.archived_at === null ? t("materials.toArchive") : t("materials.restore")}
        </button>
        <span className="muted">
          {material.uses > 0 && material.last_used_at !== null
            ? t("materials.used", { uses: material.uses, last: formatTime(material.last_used_at) })
            : t("materials.neverUsed")}
        </span>
      </div>
      {record && <MaterialPosts materialId={material.id} />}
      <CopyAsk flow={flow} straight={plain} />
      {preview && (
        <KitPreview
          material={material}
          texts={preview.texts}
          target={preview.target}
          onCopied={() => {
            if (!counted) {
              setCounted(true);
              void recordUse(material.id);
            }
          }}
          onClose={() => setPreview(null)}
        />
      )}
      {failed && <ErrorNotice error={failed} />}
    </li>
  );
}

// The title (with the search's marks) and the material's tags.
function MaterialHead({ material, title }: { material: Material; title?: Segment[] }) {
  const { t } = useI18n();
  return (
    <div className="material-head">
      <strong className="material-title">{title ? <Highlighted segments={title} /> : material.title}</strong>
      <span className="tag">{t(`materialKind.${material.kind}`)}</span>
      {material.tags.map((tag) => (
        <span key={tag} className="tag tag-soft">
          {tag}
        </span>
      ))}
      {material.expired && <span className="tag tag-warn">{t("materials.expired")}</span>}
      {material.unreadable.includes("expires_on") && (
        <span className="tag tag-warn">{t("materials.expiryUnreadable")}</span>
      )}
    </div>
  );
}
