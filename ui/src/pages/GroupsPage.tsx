import { api } from "../api";
import { PagedList } from "../components/PagedList";
import { formatCount, formatFen } from "../format";
import { useI18n } from "../i18n";

export function GroupsPage({ version }: { version: number }) {
  const { t } = useI18n();

  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">{t("groups.title")}</h2>
      <PagedList load={api.listGroups} version={version} empty={t("groups.empty")}>
        {(groups) => (
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
              {groups.map((g) => (
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
        )}
      </PagedList>
    </section>
  );
}
