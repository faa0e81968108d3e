import { useDeferredValue, useState } from "react";
import type { Material } from "../../bindings/Material";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { PagedList } from "../../components/PagedList";
import { useI18n } from "../../i18n";
import { FolderTree, type Shelf } from "./FolderTree";
import { MaterialEditor } from "./MaterialEditor";
import { MaterialItem } from "./MaterialItem";
import { PackPanel } from "./PackPanel";
import { VersionHistory } from "./VersionHistory";
import { shelfPages, useSearch, useSetArchived } from "./queries";
import { SEARCH_QUERY_CHARS } from "../../bindings/limits";

type Panel = { kind: "new" } | { kind: "edit"; material: Material } | { kind: "history"; material: Material } | null;

// The training library: shelves (folders, tags, the archive) on the left;
// search or the shelf's list; the editor or a material's history on top.
export function MaterialsPage() {
  const { t } = useI18n();
  const [shelf, setShelf] = useState<Shelf>({ folderId: null, tag: null, archived: false });
  const [query, setQuery] = useState("");
  const searching = useDeferredValue(query.trim());
  const [panel, setPanel] = useState<Panel>(null);
  const [archived, setArchived] = useState<Material | null>(null);
  const undo = useSetArchived(() => setArchived(null));
  const item = (material: Material, hit?: Pick<Parameters<typeof MaterialItem>[0], "title" | "snippet">) => (
    <MaterialItem
      key={material.id}
      material={material}
      {...hit}
      onEdit={() => setPanel({ kind: "edit", material })}
      onHistory={() => setPanel({ kind: "history", material })}
      onArchived={(m) => setArchived(m.archived_at === null ? null : m)}
    />
  );

  return (
    <section aria-labelledby="materials-title" className="library">
      <div className="inline">
        <h2 id="materials-title">{t("materials.title")}</h2>
        <input
          type="search"
          className="library-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setQuery("");
          }}
          placeholder={t("materials.searchHint")}
          aria-label={t("materials.search")}
          maxLength={SEARCH_QUERY_CHARS}
        />
        <button type="button" className="primary" onClick={() => setPanel({ kind: "new" })}>
          {t("materials.new")}
        </button>
      </div>
      {archived && (
        <div className="notice" role="status">
          {t("materials.archived", { title: archived.title })}
          <button
            type="button"
            onClick={() => undo.mutate({ id: archived.id, archived: false })}
            disabled={undo.isPending}
          >
            {t("materials.undo")}
          </button>
        </div>
      )}
      {(panel?.kind === "new" || panel?.kind === "edit") && (
        <MaterialEditor
          key={panel.kind === "edit" ? `${panel.material.id}-${panel.material.revision}` : "new"}
          material={panel.kind === "edit" ? panel.material : null}
          folderId={shelf.folderId}
          onSaved={() => setPanel(null)}
          onClose={() => setPanel(null)}
        />
      )}
      {panel?.kind === "history" && <VersionHistory material={panel.material} onClose={() => setPanel(null)} />}
      <div className="library-body">
        <FolderTree
          shelf={shelf}
          onShelf={(next) => {
            setShelf(next);
            setQuery("");
          }}
        />
        <div className="library-list">
          <PackPanel shelf={shelf} />
          {searching !== "" ? (
            <SearchHits query={searching} item={item} />
          ) : (
            <PagedList
              {...shelfPages(shelf)}
              empty={shelf.archived ? t("materials.archiveEmpty") : t("materials.empty")}
            >
              {(materials) => <ul className="materials">{materials.map((m) => item(m))}</ul>}
            </PagedList>
          )}
        </div>
      </div>
    </section>
  );
}

function SearchHits({
  query,
  item,
}: {
  query: string;
  item: (m: Material, hit: Pick<Parameters<typeof MaterialItem>[0], "title" | "snippet">) => React.ReactNode;
}) {
  const { t } = useI18n();
  const found = useSearch(query);
  if (found.isPending) return <Loading />;
  if (found.isError) return <ErrorNotice error={found.error} onRetry={() => void found.refetch()} />;
  if (found.data.hits.length === 0) return <p className="empty">{t("materials.noHits", { query })}</p>;
  return (
    <>
      <ul className="materials" data-testid="search-hits">
        {found.data.hits.map((h) => item(h.material, { title: h.title, snippet: h.snippet }))}
      </ul>
      {found.data.more && <p className="muted">{t("materials.moreHits")}</p>}
    </>
  );
}
