import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { ExportButtons } from "../files/ExportButtons";
import { ImportPanel } from "../files/ImportPanel";
import { PagedList } from "../../components/PagedList";
import { PartnerForm } from "./PartnerForm";
import { PartnerPanel } from "./PartnerPanel";
import { RulesPanel } from "../care/RulesPanel";
import { TeamTree } from "./TeamTree";
import type { PartnerSort } from "../../bindings/PartnerSort";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

export function TeamPage() {
  const { t } = useI18n();
  const [files, setFiles] = useState(false);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<PartnerSort>("added");
  const [open, setOpen] = useState<number | null>(null);
  const [rules, setRules] = useState(false);
  const [asTree, setAsTree] = useState(false);
  const [adding, setAdding] = useState(false);

  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t("team.title")}</h2>
      <div className="toolbar">
        <button type="button" aria-expanded={files} onClick={() => setFiles(!files)} data-testid="team-files">
          {t("files.toggle")}
        </button>
        <button type="button" aria-expanded={rules} onClick={() => setRules(!rules)}>
          {t("rules.title")}
        </button>
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)} data-testid="add-partner">
          {t("partnerForm.newTitle")}
        </button>
        <button type="button" aria-pressed={asTree} onClick={() => setAsTree(!asTree)} data-testid="toggle-tree">
          {t("tree.toggle")}
        </button>
      </div>
      {files && (
        <>
          <ImportPanel kind="partners" />
          <ExportButtons kind="partners" />
        </>
      )}
      {rules && <RulesPanel />}
      {adding && (
        <section className="editor">
          <PartnerForm
            partner={null}
            onSaved={(id) => {
              setAdding(false);
              setOpen(id);
            }}
            onClose={() => setAdding(false)}
          />
        </section>
      )}
      <div className="toolbar">
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("team.searchHint")}
          aria-label={t("team.search")}
          data-testid="team-search"
        />
        <label className="inline">
          {t("team.sort")}
          <select value={sort} onChange={(e) => setSort(e.target.value as PartnerSort)}>
            <option value="added">{t("team.sort.added")}</option>
            <option value="name">{t("team.sort.name")}</option>
            <option value="joined">{t("team.sort.joined")}</option>
          </select>
        </label>
      </div>
      {open !== null && <PartnerPanel key={open} id={open} onClose={() => setOpen(null)} />}
      {asTree && <TeamTree onOpen={setOpen} />}
      <PagedList
        key={`${search}|${sort}`}
        queryKey={keys.team.list(search, sort)}
        load={(page) => api.listPartners(search, sort, page)}
        empty={search ? t("team.noMatch") : t("team.empty")}
      >
        {(partners) => (
          <table data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">{t("team.name")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.subUnionId")}</th>
                <th scope="col">{t("team.parent")}</th>
                <th scope="col">{t("team.joined")}</th>
                <th scope="col" className="num">
                  {t("team.downline")}
                </th>
                <th scope="col">{t("team.wechat")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("groups.actions")}</span>
                </th>
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
                  <td>{p.unreadable.includes("joined_on") ? t("team.joinedUnreadable") : (p.joined_on ?? "—")}</td>
                  <td className="num">{formatCount(p.downline)}</td>
                  <td className="mono">{p.wechat ?? "—"}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => setOpen(p.id)}
                      aria-label={t("team.openNamed", { name: p.name })}
                    >
                      {t("team.open")}
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
