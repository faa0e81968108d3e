import { useState } from "react";
import type { GroupDetail } from "../../bindings/GroupDetail";
import type { GroupSummary } from "../../bindings/GroupSummary";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { ExportButtons } from "../files/ExportButtons";
import { GroupEditor } from "./GroupEditor";
import { GroupInsights } from "./GroupInsights";
import { ImportPanel } from "../files/ImportPanel";
import { PagedList } from "../../components/PagedList";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { groupPages, useArchiveGroup, useOpenGroup } from "./queries";

type Editing = { group: GroupDetail | null } | null;

export function GroupsPage() {
  const { t } = useI18n();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [undo, setUndo] = useState<{ id: number; name: string; archived: boolean } | null>(null);
  const [files, setFiles] = useState(false);
  const [insights, setInsights] = useState(false);

  const open = useOpenGroup((group) => setEditing({ group }));

  // Archiving is one click and undoable, rather than a confirmation dialog.
  // The group leaves today's list and the dashboard with it.
  const archive = useArchiveGroup((done) => {
    setUndo(done);
    if (editing?.group?.id === done.id) setEditing(null);
  });
  const actionError = open.error ?? archive.error;
  const columns: Column<GroupSummary>[] = [
    {
      id: "name",
      label: "groups.name",
      cell: (g) => (
        <>
          {g.name}
          {g.is_placeholder && <span className="tag">{t("groups.placeholder")}</span>}
        </>
      ),
    },
    { id: "kind", label: "groups.kind", cell: (g) => t(`kind.${g.kind}`) },
    {
      id: "position",
      label: "groups.position",
      cell: (g) => g.position_id ?? "—",
      cellProps: () => ({ className: "mono" }),
    },
    {
      id: "members",
      label: "groups.members",
      numeric: true,
      cell: (g) => (g.members === null ? "—" : formatCount(g.members)),
    },
    { id: "estimate", label: "groups.monthEstimate", numeric: true, cell: (g) => formatFen(g.month_estimate_fen) },
    { id: "orders", label: "groups.monthOrders", numeric: true, cell: (g) => formatCount(g.month_orders) },
    {
      id: "actions",
      label: "groups.actions",
      hideLabel: true,
      cellProps: () => ({ className: "actions" }),
      cell: (g) => (
        <>
          <button type="button" onClick={() => open.mutate(g.id)} aria-label={t("groups.editNamed", { name: g.name })}>
            {t("groups.edit")}
          </button>
          <button
            type="button"
            onClick={() => archive.mutate({ id: g.id, name: g.name, archived: !archived })}
            aria-label={t(archived ? "groups.restoreNamed" : "groups.archiveNamed", { name: g.name })}
          >
            {archived ? t("groups.restore") : t("groups.archive")}
          </button>
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">{t("groups.title")}</h2>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setEditing({ group: null })} data-testid="new-group">
          {t("groups.new")}
        </button>
        <button
          type="button"
          aria-expanded={insights}
          onClick={() => setInsights(!insights)}
          data-testid="toggle-insights"
        >
          {t("insights.title")}
        </button>
        <button type="button" aria-expanded={files} onClick={() => setFiles(!files)}>
          {t("files.toggle")}
        </button>
        <label className="inline">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          {t("groups.showArchived")}
        </label>
      </div>
      {undo && (
        <div className="notice" role="status">
          {t(undo.archived ? "groups.archivedNote" : "groups.restoredNote", { name: undo.name })}{" "}
          <button
            type="button"
            onClick={() => archive.mutate({ ...undo, archived: !undo.archived }, { onSuccess: () => setUndo(null) })}
          >
            {t("groups.undo")}
          </button>
        </div>
      )}
      {actionError && <ErrorNotice error={actionError} />}
      {insights && <GroupInsights />}
      {files && (
        <>
          <ImportPanel kind="groups" />
          <ExportButtons kind="groups" />
        </>
      )}
      {editing && (
        <GroupEditor key={editing.group?.id ?? "new"} group={editing.group} onClose={() => setEditing(null)} />
      )}
      <PagedList
        key={archived ? "archived" : "active"}
        {...groupPages(archived)}
        empty={archived ? t("groups.emptyArchived") : t("groups.empty")}
      >
        {(groups) => <DataTable testId="groups-table" columns={columns} rows={groups} rowKey={(g) => g.id} />}
      </PagedList>
    </section>
  );
}
