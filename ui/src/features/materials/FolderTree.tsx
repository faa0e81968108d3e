import { useState, type FormEvent } from "react";
import { errorMessage, isAppError } from "../../api";
import type { Folder } from "../../bindings/Folder";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { folderOptions } from "./MaterialEditor";
import { useCreateFolder, useFolders, useTags } from "./queries";
import { FOLDER_NAME_CHARS } from "../../bindings/limits";

// Each folder's materials with those of every folder below it (the list
// comes parents first, so children are summed into them walking back).
function subtreeCounts(folders: Folder[]): Map<number, number> {
  const counts = new Map(folders.map((f) => [f.id, f.materials]));
  for (const f of [...folders].reverse()) {
    if (f.parent_id !== null) counts.set(f.parent_id, (counts.get(f.parent_id) ?? 0) + (counts.get(f.id) ?? 0));
  }
  return counts;
}

export type Shelf = { folderId: number | null; tag: string | null; archived: boolean };

// Where the list looks: every material, a folder (with what is below it),
// a tag, or the archive; and a new folder under the one chosen.
export function FolderTree({ shelf, onShelf }: { shelf: Shelf; onShelf: (shelf: Shelf) => void }) {
  const { t, tm } = useI18n();
  const folders = useFolders();
  const tags = useTags();
  const [name, setName] = useState("");
  const create = useCreateFolder((id) => {
    setName("");
    onShelf({ folderId: id, tag: null, archived: false });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, parent: shelf.folderId });
  };
  const counts = subtreeCounts(folders.data ?? []);
  const everything = shelf.folderId === null && shelf.tag === null && !shelf.archived;

  return (
    <nav className="shelves" aria-label={t("materials.shelves")}>
      <button
        type="button"
        aria-current={everything ? "true" : undefined}
        onClick={() => onShelf({ folderId: null, tag: null, archived: false })}
      >
        {t("materials.everything")}
      </button>
      {folders.isError && <ErrorNotice error={folders.error} onRetry={() => void folders.refetch()} />}
      {folderOptions(folders.data ?? []).map((f) => (
        <button
          key={f.id}
          type="button"
          data-folder={f.id}
          aria-current={shelf.folderId === f.id ? "true" : undefined}
          onClick={() => onShelf({ folderId: f.id, tag: null, archived: false })}
        >
          {f.label} <span className="muted">{counts.get(f.id) ?? 0}</span>
        </button>
      ))}
      <form onSubmit={submit} className="inline" aria-label={t("materials.newFolder")}>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={shelf.folderId === null ? t("materials.newFolder") : t("materials.newSubfolder")}
          maxLength={FOLDER_NAME_CHARS}
          aria-label={t("materials.newFolder")}
        />
        <button type="submit" disabled={create.isPending || name.trim() === ""}>
          {t("materials.add")}
        </button>
      </form>
      {create.isError && (
        <p className="field-error" role="alert">
          {isAppError(create.error) ? tm(errorMessage(create.error)) : String(create.error)}
        </p>
      )}
      {(tags.data?.length ?? 0) > 0 && <h4>{t("materials.tags")}</h4>}
      <div className="tag-cloud">
        {tags.data?.map(([tag, n]) => (
          <button
            key={tag}
            type="button"
            className="tag"
            aria-current={shelf.tag === tag ? "true" : undefined}
            onClick={() => onShelf({ folderId: null, tag, archived: false })}
          >
            {tag} <span className="muted">{n}</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-current={shelf.archived ? "true" : undefined}
        onClick={() => onShelf({ folderId: null, tag: null, archived: true })}
      >
        {t("materials.archive")}
      </button>
    </nav>
  );
}
