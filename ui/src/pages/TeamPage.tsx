import { useState } from "react";
import { api } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { PAGE_SIZE, Pager } from "../components/Pager";
import { formatCount } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";

export function TeamPage({ version }: { version: number }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const [partners, retry] = useLoad(() => api.listPartners({ offset, limit: PAGE_SIZE }), [offset, version]);

  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t("team.title")}</h2>
      {partners.state === "loading" && <Loading />}
      {partners.state === "failed" && <ErrorNotice error={partners.error} onRetry={retry} />}
      {partners.state === "ready" && partners.value.total === 0 && <p className="empty">{t("team.empty")}</p>}
      {partners.state === "ready" && partners.value.total > 0 && (
        <>
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
              {partners.value.items.map((p) => (
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
          <Pager offset={offset} total={partners.value.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
