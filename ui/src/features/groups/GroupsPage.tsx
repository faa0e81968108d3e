import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { GroupDetail } from "../../bindings/GroupDetail";
import { ErrorNotice } from "../../components/ErrorNotice";
import { ExportButtons } from "../files/ExportButtons";
import { GroupEditor } from "./GroupEditor";
import { GroupInsights } from "./GroupInsights";
import { ImportPanel } from "../files/ImportPanel";
import { PagedList } from "../../components/PagedList";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";

type Editing = { group: GroupDetail | null } | null;

export function GroupsPage() {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [undo, setUndo] = useState<{ id: number; name: string; archived: boolean } | null>(null);
  const [files, setFiles] = useState(false);
  const [insights, setInsights] = useState(false);

  const open = useMutation({
    mutationFn: (id: number) => api.groupDetail(id),
    onSuccess: (group) => setEditing({ group }),
  });

  // Archiving is one click and undoable, rather than a confirmation dialog.
  // The group leaves today's list and the dashboard with it.
  const archive = useMutation({
    mutationFn: ({ id, archived }: { id: number; name: string; archived: boolean }) => api.archiveGroup(id, archived),
    onSuccess: async (_, { id, name, archived }) => {
      setUndo({ id, name, archived });
      if (editing?.group?.id === id) setEditing(null);
      await invalidate(keys.groups.all, keys.care.all, keys.earnings.all);
    },
  });
  const setArchivedFor = (id: number, name: string, archived: boolean) => archive.mutateAsync({ id, name, archived });
  const actionError = open.error ?? archive.error;

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
            onClick={() => {
              void setArchivedFor(undo.id, undo.name, !undo.archived).then(() => setUndo(null));
            }}
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
        queryKey={keys.groups.list(archived)}
        load={(page) => api.listGroups(archived, page)}
        empty={archived ? t("groups.emptyArchived") : t("groups.empty")}
      >
        {(groups) => (
          <table data-testid="groups-table">
            <thead>
              <tr>
                <th scope="col">{t("groups.name")}</th>
                <th scope="col">{t("groups.kind")}</th>
                <th scope="col">{t("groups.position")}</th>
                <th scope="col" className="num">
                  {t("groups.members")}
                </th>
                <th scope="col" className="num">
                  {t("groups.monthEstimate")}
                </th>
                <th scope="col" className="num">
                  {t("groups.monthOrders")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("groups.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <td>
                    {g.name}
                    {g.is_placeholder && <span className="tag">{t("groups.placeholder")}</span>}
                  </td>
                  <td>{t(`kind.${g.kind}`)}</td>
                  <td className="mono">{g.position_id ?? "—"}</td>
                  <td className="num">{g.members === null ? "—" : formatCount(g.members)}</td>
                  <td className="num">{formatFen(g.month_estimate_fen)}</td>
                  <td className="num">{formatCount(g.month_orders)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      onClick={() => open.mutate(g.id)}
                      aria-label={t("groups.editNamed", { name: g.name })}
                    >
                      {t("groups.edit")}
                    </button>
                    <button
                      type="button"
                      onClick={() => void setArchivedFor(g.id, g.name, !archived)}
                      aria-label={t(archived ? "groups.restoreNamed" : "groups.archiveNamed", { name: g.name })}
                    >
                      {archived ? t("groups.restore") : t("groups.archive")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
