import { useState } from "react";
import { api } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { PAGE_SIZE, Pager } from "../components/Pager";
import { formatCount, formatFen } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";

export function GroupsPage({ version }: { version: number }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const [groups, retry] = useLoad(() => api.listGroups({ offset, limit: PAGE_SIZE }), [offset, version]);

  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">{t("groups.title")}</h2>
      {groups.state === "loading" && <Loading />}
      {groups.state === "failed" && <ErrorNotice error={groups.error} onRetry={retry} />}
      {groups.state === "ready" && groups.value.total === 0 && <p className="empty">{t("groups.empty")}</p>}
      {groups.state === "ready" && groups.value.total > 0 && (
        <>
          <table data-testid="groups-table">
            <thead>
              <tr>
                <th scope="col">{t("groups.name")}</th>
                <th scope="col">{t("groups.kind")}</th>
                <th scope="col">{t("groups.position")}</th>
                <th scope="col" className="num">{t("groups.monthEstimate")}</th>
                <th scope="col" className="num">{t("groups.monthOrders")}</th>
              </tr>
            </thead>
            <tbody>
              {groups.value.items.map((g) => (
                <tr key={g.id}>
                  <td>
                    {g.name}
                    {g.is_placeholder && <span className="tag">{t("groups.placeholder")}</span>}
                  </td>
                  <td>{t(`kind.${g.kind}`)}</td>
                  <td className="mono">{g.position_id ?? "—"}</td>
                  <td className="num">{formatFen(g.month_estimate_fen)}</td>
                  <td className="num">{formatCount(g.month_orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} total={groups.value.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
