import { useState } from "react";
import { api } from "../api";
import { ExportButtons } from "../components/ExportButtons";
import { ImportPanel } from "../components/ImportPanel";
import { PagedList } from "../components/PagedList";
import { formatCount } from "../format";
import { useI18n } from "../i18n";

export function TeamPage({ version }: { version: number }) {
  const { t } = useI18n();
  const [files, setFiles] = useState(false);
  const [imported, setImported] = useState(0);

  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t("team.title")}</h2>
      <div className="toolbar">
        <button type="button" aria-expanded={files} onClick={() => setFiles(!files)} data-testid="team-files">
          {t("files.toggle")}
        </button>
      </div>
      {files && (
        <>
          <ImportPanel kind="partners" onImported={() => setImported((n) => n + 1)} />
          <ExportButtons kind="partners" />
        </>
      )}
      <PagedList load={api.listPartners} version={version + imported} empty={t("team.empty")}>
        {(partners) => (
          <table data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">{t("team.name")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.subUnionId")}</th>
                <th scope="col">{t("team.parent")}</th>
                <th scope="col">{t("team.joined")}</th>
                <th scope="col" className="num">{t("team.downline")}</th>
              </tr>
            </thead>
            <tbody>
              {partners.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name}
                    {p.is_placeholder && <span className="tag">{t("team.placeholder")}</span>}
                  </td>
                  <td>{t(`role.${p.role}`)}</td>
                  <td className="mono">{p.sub_union_id ?? "—"}</td>
                  <td>{p.parent_name ?? "—"}</td>
                  <td>{p.joined_on ?? "—"}</td>
                  <td className="num">{formatCount(p.downline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
