import { useState } from "react";
import { ExportButtons } from "../files/ExportButtons";
import { ImportPanel } from "../files/ImportPanel";
import { KeyedPagedList } from "../../components/KeyedPagedList";
import { DataTable, type Column } from "../../components/DataTable";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { PartnerForm } from "./PartnerForm";
import { PartnerPanel } from "./PartnerPanel";
import { RulesPanel } from "../care/RulesPanel";
import { TeamTree } from "./TeamTree";
import type { PartnerSort } from "../../bindings/PartnerSort";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { partnerPages } from "./queries";

/** `onGoPayouts` opens 分润 (from a partner's balance). */
export function TeamPage({ onGoPayouts }: { onGoPayouts?: () => void } = {}) {
  const { t } = useI18n();
  const [files, setFiles] = useState(false);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<PartnerSort>("added");
  const [open, setOpen] = useState<number | null>(null);
  const [rules, setRules] = useState(false);
  const [asTree, setAsTree] = useState(false);
  const [adding, setAdding] = useState(false);

  const mono = () => ({ className: "mono" });
  const columns: Column<PartnerSummary>[] = [
    {
      id: "name",
      label: "team.name",
      cell: (p) => (
        <>
          {p.name}
          {p.is_placeholder && <span className="tag">{t("team.placeholder")}</span>}
        </>
      ),
    },
    { id: "role", label: "team.role", cell: (p) => t(`role.${p.role}`) },
    { id: "subUnionId", label: "team.subUnionId", cell: (p) => p.sub_union_id ?? "—", cellProps: mono },
    { id: "parent", label: "team.parent", cell: (p) => p.parent_name ?? "—" },
    {
      id: "joined",
      label: "team.joined",
      cell: (p) => (p.unreadable.includes("joined_on") ? t("team.joinedUnreadable") : (p.joined_on ?? "—")),
    },
    { id: "downline", label: "team.downline", numeric: true, cell: (p) => formatCount(p.downline) },
    { id: "wechat", label: "team.wechat", cell: (p) => p.wechat ?? "—", cellProps: mono },
    {
      id: "open",
      label: "groups.actions",
      hideLabel: true,
      cell: (p) => (
        <button type="button" onClick={() => setOpen(p.id)} aria-label={t("team.openNamed", { name: p.name })}>
          {t("team.open")}
        </button>
      ),
    },
  ];

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
      {open !== null && <PartnerPanel key={open} id={open} onClose={() => setOpen(null)} onGoPayouts={onGoPayouts} />}
      {asTree && <TeamTree onOpen={setOpen} />}
      <KeyedPagedList
        key={`${search}|${sort}`}
        {...partnerPages(search, sort)}
        idOf={(p) => p.id}
        empty={search ? t("team.noMatch") : t("team.empty")}
      >
        {(partners) => <DataTable testId="team-table" columns={columns} rows={partners} rowKey={(p) => p.id} />}
      </KeyedPagedList>
    </section>
  );
}
