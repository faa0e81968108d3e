import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { PostResult } from "../../bindings/PostResult";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";

function dayTime(at: number | null): string {
  if (at === null) return "";
  return new Date(at * 1000 + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

// What she posted or skipped, newest first, and what each post brought:
// the group's orders in the hours after it next to the same hours on its
// ordinary days, and the orders of the kit's own product.
export function PostLog() {
  const { t } = useI18n();
  const log = useQuery({ queryKey: keys.posting.log(), queryFn: api.postLog });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />;
  if (log.data.length === 0) return <p className="empty">{t("posting.logEmpty")}</p>;
  const hours = log.data[0].hours;

  return (
    <table data-testid="post-log">
      <caption>{t("posting.logCaption", { hours })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("posting.loggedAt")}</th>
          <th scope="col">{t("posting.group")}</th>
          <th scope="col">{t("posting.planCol")}</th>
          <th scope="col">{t("posting.statusCol")}</th>
          <th scope="col" className="num">
            {t("posting.ordersAfter")}
          </th>
          <th scope="col" className="num">
            {t("posting.usual")}
          </th>
          <th scope="col" className="num">
            {t("posting.credited")}
          </th>
        </tr>
      </thead>
      <tbody>
        {log.data.map((r) => (
          <LogRow key={r.post.id} result={r} />
        ))}
      </tbody>
    </table>
  );
}

function LogRow({ result }: { result: PostResult }) {
  const { t } = useI18n();
  const { post, after, usual, credited } = result;
  const posted = post.status === "posted";
  return (
    <tr data-testid="log-row" data-group={post.group_name}>
      <td>{dayTime(post.logged_at)}</td>
      <td>{post.group_name}</td>
      <td>
        {post.plan_title}
        {post.material_title ? ` · ${post.material_title}` : ""}
      </td>
      <td>
        {posted
          ? post.late
            ? t("posting.postedLate")
            : t("posting.status.posted")
          : t("posting.skippedBecause", { reason: post.reason ?? "" })}
        {post.unreadable.includes("day") && <div className="notice-error">{t("posting.postDayUnreadable")}</div>}
      </td>
      <td className="num">{posted ? `${formatCount(after.orders)} · ${formatFen(after.estimate_fen)}` : "—"}</td>
      <td className="num">
        {posted && usual
          ? t("posting.usualValue", {
              orders: usual.orders.toFixed(1),
              fen: formatFen(usual.estimate_fen),
              days: usual.days,
            })
          : "—"}
      </td>
      <td className="num">{posted && credited ? formatCount(credited.orders) : "—"}</td>
    </tr>
  );
}
