import { useState, type FormEvent } from "react";
import type { Folder } from "../../bindings/Folder";
import type { Material } from "../../bindings/Material";
import type { MaterialDraft } from "../../bindings/MaterialDraft";
import type { MaterialKind } from "../../bindings/MaterialKind";
import type { Part } from "../../bindings/Part";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { parseTags } from "../../format";
import { useI18n } from "../../i18n";
import { KINDS } from "./kinds";
import { PartsEditor } from "./PartsEditor";
import { useFolders, useSaveMaterial } from "./queries";
import { Select } from "../../components/Select";
import { TagsField } from "../../components/TagsField";
import { MATERIAL_TITLE_CHARS } from "../../bindings/limits";

// The fields the editor shows a refusal at; any other (a stale revision) is the form's.
const FIELDS = ["title", "folder_id", "body", "parts", "tags", "product", "expires_on", "notes"];

type Draft = {
  title: string;
  kind: MaterialKind;
  body: string;
  notes: string;
  tags: string;
  folderId: string;
  product: string;
  expiresOn: string;
  parts: Part[];
};

function draftOf(material: Material | null, folderId: number | null): Draft {
  return {
    title: material?.title ?? "",
    kind: material?.kind ?? "script",
    body: material?.body ?? "",
    notes: material?.notes ?? "",
    tags: material?.tags.join("，") ?? "",
    folderId: String(material?.folder_id ?? folderId ?? ""),
    product: material?.product ?? "",
    expiresOn: material?.expires_on ?? "",
    parts: material?.parts ?? [],
  };
}

function inputOf(draft: Draft): MaterialDraft {
  return {
    title: draft.title,
    kind: draft.kind,
    body: draft.body,
    notes: draft.notes,
    tags: parseTags(draft.tags),
    folder_id: draft.folderId === "" ? null : Number(draft.folderId),
    product: draft.product,
    expires_on: draft.expiresOn,
    parts: draft.parts,
  };
}

// Folders as options, each indented under its parent.
export function folderOptions(folders: Folder[]): { id: number; label: string }[] {
  const depth = new Map<number, number>();
  return folders.map((f) => {
    const d = f.parent_id === null ? 0 : (depth.get(f.parent_id) ?? 0) + 1;
    depth.set(f.id, d);
    return { id: f.id, label: `${"　".repeat(d)}${f.name}` };
  });
}

// A new material, or an edit of one saved as its next version. The draft
// stays on screen until the store confirmed the save; a refused field shows
// its message beside it; a save over a newer version is refused, not lost.
export function MaterialEditor({
  material,
  folderId,
  onSaved,
  onClose,
}: {
  material: Material | null;
  folderId: number | null;
  onSaved: (saved: Material) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const folders = useFolders();
  const [draft, setDraft] = useState<Draft>(() => draftOf(material, folderId));
  const save = useSaveMaterial(material, onSaved);
  const { fieldError, formError } = useFormErrors(save.error, FIELDS);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(inputOf(draft));
  };
  const title = material ? t("materials.editTitle", { title: material.title }) : t("materials.new");

  return (
    <form className="form material-editor" onSubmit={submit} aria-label={title} data-testid="material-editor">
      <h3 className="wide">{title}</h3>
      <Field label={t("materials.fieldTitle")} error={fieldError("title")} wide>
        <input
          name="title"
          value={draft.title}
          onChange={(e) => set({ title: e.target.value })}
          maxLength={MATERIAL_TITLE_CHARS}
          autoFocus
        />
      </Field>
      <label>
        {t("materials.fieldKind")}
        <Select
          name="kind"
          value={draft.kind}
          choices={KINDS}
          word={(k) => t(`materialKind.${k}`)}
          onChoose={(kind) => set({ kind })}
        />
      </label>
      <Field label={t("materials.fieldFolder")} error={fieldError("folder_id")}>
        <select name="folder" value={draft.folderId} onChange={(e) => set({ folderId: e.target.value })}>
          <option value="">{t("materials.noFolder")}</option>
          {folderOptions(folders.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("materials.fieldBody")} error={fieldError("body")} wide>
        <textarea name="body" value={draft.body} onChange={(e) => set({ body: e.target.value })} rows={8} />
      </Field>
      <PartsEditor parts={draft.parts} onChange={(parts) => set({ parts })} />
      {fieldError("parts") && (
        <p className="wide field-error" role="alert">
          {fieldError("parts")}
        </p>
      )}
      <TagsField
        label={t("materials.fieldTags")}
        value={draft.tags}
        onChange={(tags) => set({ tags })}
        error={fieldError("tags")}
        wide
      />
      <Field label={t("materials.fieldProduct")} error={fieldError("product")}>
        <input
          name="product"
          value={draft.product}
          onChange={(e) => set({ product: e.target.value })}
          placeholder="https://item.jd.com/100012043978.html"
        />
      </Field>
      <Field label={t("materials.fieldExpires")} error={fieldError("expires_on")}>
        <input
          name="expires_on"
          type="date"
          value={draft.expiresOn}
          onChange={(e) => set({ expiresOn: e.target.value })}
        />
      </Field>
      <Field label={t("materials.fieldNotes")} error={fieldError("notes")} wide>
        <textarea name="notes" value={draft.notes} onChange={(e) => set({ notes: e.target.value })} rows={2} />
      </Field>
      <FormActions disabled={save.isPending} onCancel={onClose} error={formError} />
    </form>
  );
}
