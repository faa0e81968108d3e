import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { Material } from "../../bindings/Material";
import type { Segment } from "../../bindings/Segment";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatTime } from "../../format";
import { useI18n } from "../../i18n";
import { CopyFor } from "./CopyFor";
import { Highlighted } from "./Highlighted";

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
  const [asking, setAsking] = useState<Variable[] | null>(null);
  // Variables are filled by the store (today's date, the countdown); what
  // it cannot know is asked for before anything reaches the clipboard.
  const copy = useMutation({
    mutationFn: async (values: Values) => {
      const filled = await api.fillMaterial(material.id, values);
      if (filled.outcome === "needs") {
        setAsking(filled.variables);
        return null;
      }
      await navigator.clipboard.writeText(filled.text);
      setAsking(null);
      setCopied(true);
      return api.recordMaterialUse(material.id);
    },
    onSuccess: async (used) => {
      if (used) await invalidate(keys.materials.all);
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
      </div>
      {snippet ? (
        <p className="material-snippet">
          <Highlighted segments={snippet} />
        </p>
      ) : (
        <p className="material-body">{material.body}</p>
      )}
      <div className="inline material-actions">
        {material.archived_at === null && (
          <button type="button" className="primary" onClick={() => copy.mutate(nothingKnown)} disabled={copy.isPending}>
            {copied ? t("materials.copied") : t("materials.copy")}
          </button>
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
        <button type="button" onClick={() => archive.mutate()} disabled={archive.isPending}>
          {material.archived_at === null ? t("materials.toArchive") : t("materials.restore")}
        </button>
        <span className="muted">
          {material.uses > 0 && material.last_used_at !== null
            ? t("materials.used", { uses: material.uses, last: formatTime(material.last_used_at) })
            : t("materials.neverUsed")}
        </span>
      </div>
      {asking && (
        <CopyFor
          variables={asking}
          copying={copy.isPending}
          onCopy={(values) => copy.mutate(values)}
          onCancel={() => setAsking(null)}
        />
      )}
      {failed && <ErrorNotice error={failed} />}
    </li>
  );
}
