import { ErrorNotice } from "../../components/ErrorNotice";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { useMaterialRecord } from "./queries";

// A material's record as a post: how often it was posted, the orders in
// the hours after, and the groups and hours where it sold best.
export function MaterialPosts({ materialId }: { materialId: number }) {
  const { t } = useI18n();
  const record = useMaterialRecord(materialId);
  if (record.isError) return <ErrorNotice error={record.error} />;
  if (!record.data) return null;
  const r = record.data;
  if (r.posted === 0) return <p className="muted">{t("materialPosts.never")}</p>;
  return (
    <div className="material-posts" data-testid="material-posts">
      <p>
        {t("materialPosts.summary", {
          posted: formatCount(r.posted),
          orders: formatCount(r.after.orders),
          fen: formatFen(r.after.estimate_fen),
        })}
      </p>
      {r.best_groups.length > 0 && (
        <p className="muted">
          {t("materialPosts.bestGroups", {
            groups: r.best_groups.map((g) => `${g.name}（${formatCount(g.sales.orders)}）`).join("、"),
          })}
        </p>
      )}
      {r.best_hours.length > 0 && (
        <p className="muted">
          {t("materialPosts.bestHours", {
            hours: r.best_hours.map((h) => `${String(h.hour).padStart(2, "0")}:00`).join("、"),
          })}
        </p>
      )}
    </div>
  );
}
