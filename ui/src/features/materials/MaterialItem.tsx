import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { Material } from "../../bindings/Material";
import type { Segment } from "../../bindings/Segment";
import type { Values } from "../../bindings/Values";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Message } from "../../bindings/Message";
import type { Variable } from "../../bindings/Variable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatTime } from "../../format";
import { useI18n } from "../../i18n";
import { MaterialPosts } from "../posting/MaterialPosts";
import { copyTextWhenReady } from "./clipboard";
import { CopyFor } from "./CopyFor";
import { Highlighted } from "./Highlighted";
import { KitPreview } from "./KitPreview";
import { Picture } from "./Picture";

type Asking = { variables: Variable[]; linkProblem: Message | null; target: LinkTarget | null };

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
  const invalidate = useInvalidate();
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [preview, setPreview] = useState<{ texts: string[]; target: LinkTarget | null } | null>(null);
  const [counted, setCounted] = useState(false);
  const [record, setRecord] = useState(false);
  const recordUse = async () => {
    await api.recordMaterialUse(material.id);
    await invalidate(keys.materials.all);
  };
  // The store fills what it knows (today, the countdown, the chosen group's
  // name and her link for it); what it cannot know is asked for before
  // anything reaches the clipboard. A plain text goes straight there (the
  // write starts within the click, see copyTextWhenReady); a kit opens its
  // preview, where each part is copied in turn.
  const copy = useMutation({
    mutationFn: async ({ target, values }: { target: LinkTarget | null; values: Values }) => {
      const filled = api.fillMaterial(material.id, target, values);
      const plain = material.parts.length === 0;
      const written = plain
        ? copyTextWhenReady(
            filled.then((results) => {
              const first = results[0]?.filled;
              if (first?.outcome !== "ready") throw new Error("the copy needs answers first");
              return first.text;
            }),
          )
        : null;
      const results = await filled;
      const needs = [...new Set(results.flatMap((r) => (r.filled.outcome === "needs" ? r.filled.variables : [])))];
      if (needs.length > 0) {
        written?.catch(() => {});
        setAsking({ variables: needs, linkProblem: results.find((r) => r.link_problem)?.link_problem ?? null, target });
        return;
      }
      const texts = results.map((r) => (r.filled.outcome === "ready" ? r.filled.text : ""));
      setAsking(null);
      if (written) {
        await written;
        setCopied(true);
        await recordUse();
        return;
      }
      setCounted(false);
      setPreview({ texts, target });
    },
  });
  const nothingKnown: Values = { group_name: null, nickname: null, link: null };
  const duplicate = useMutation({
    mutationFn: () => api.duplicateMaterial(material.id),
    onSuccess: () => invalidate(keys.materials.all),
  });
  const archive = useMutation({
    mutationFn: () => api.setMaterialArchived(material.id, material.archived_at === null),
    onSuccess: async (changed) => {
      await invalidate(keys.materials.all);
      onArchived(changed);
    },
  });
  const failed = copy.error ?? duplicate.error ?? archive.error;

  return (
    <li className={material.expired ? "material expired" : "material"} data-testid="material" data-id={material.id}>
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
              onClick={() => copy.mutate({ target: null, values: nothingKnown })}
              disabled={copy.isPending}
            >
              {copied ? t("materials.copied") : t("materials.copy")}
            </button>
            <button
              type="button"
              onClick={() => setAsking({ variables: [], linkProblem: null, target: null })}
              disabled={copy.isPending}
            >
              {t("materials.copyFor")}
            </button>
          </>
        )}
        <button type="button" onClick={onEdit} disabled={material.archived_at !== null}>
          {t("materials.edit")}
        </button>
        <button type="button" onClick={() => duplicate.mutate()} disabled={duplicate.isPending}>
          {t("materials.duplicate")}
        </button>
        <button type="button" onClick={onHistory}>
          {t("materials.versions")}
        </button>
        <button type="button" onClick={() => setRecord((r) => !r)} aria-expanded={record}>
          {t("materialPosts.show")}
        </button>
        <button type="button" onClick={() => archive.mutate()} disabled={archive.isPending}>
          {material.archived_at === null ? t("materials.toArchive") : t("materials.restore")}
        </button>
        <span className="muted">
          {material.uses > 0 && material.last_used_at !== null
            ? t("materials.used", { uses: material.uses, last: formatTime(material.last_used_at) })
            : t("materials.neverUsed")}
        </span>
      </div>
      {record && <MaterialPosts materialId={material.id} />}
      {asking && (
        <CopyFor
          variables={asking.variables}
          linkProblem={asking.linkProblem}
          target={asking.target}
          copying={copy.isPending}
          onCopy={(target, values) => copy.mutate({ target, values })}
          onCancel={() => setAsking(null)}
        />
      )}
      {preview && (
        <KitPreview
          material={material}
          texts={preview.texts}
          target={preview.target}
          onCopied={() => {
            if (!counted) {
              setCounted(true);
              void recordUse();
            }
          }}
          onClose={() => setPreview(null)}
        />
      )}
      {failed && <ErrorNotice error={failed} />}
    </li>
  );
}
