import type { PostResult } from "../../bindings/PostResult";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { usePostLog } from "./queries";

function dayTime(at: number | null): string {
  if (at === null) return "";
  return new Date(at * 1000 + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

// What she posted or skipped, newest first, and what each post brought:
// the group's orders in the hours after it next to the same hours on its
// ordinary days, and the orders of the kit's own product.
export function PostLog() {
  const { t } = useI18n();
  const log = usePostLog();
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />;
  const hours = log.data[0]?.hours ?? 0;
  const columns: Column<PostResult>[] = [
    { id: "at", label: "posting.loggedAt", cell: ({ post }) => dayTime(post.logged_at) },
    { id: "group", label: "posting.group", cell: ({ post }) => post.group_name },
    {
      id: "plan",
      label: "posting.planCol",
      cell: ({ post }) => `${post.plan_title}${post.material_title ? ` · ${post.material_title}` : ""}`,
    },
    {
      id: "status",
      label: "posting.statusCol",
      cell: ({ post }) => (
        <>
          {post.status === "posted"
            ? post.late
              ? t("posting.postedLate")
              : t("posting.status.posted")
            : t("posting.skippedBecause", { reason: post.reason ?? "" })}
          {post.unreadable.includes("day") && <div className="notice-error">{t("posting.postDayUnreadable")}</div>}
        </>
      ),
    },
    {
      id: "after",
      label: "posting.ordersAfter",
      numeric: true,
      cell: ({ post, after }) =>
        post.status === "posted" ? `${formatCount(after.orders)} · ${formatFen(after.estimate_fen)}` : "—",
    },
    {
      id: "usual",
      label: "posting.usual",
      numeric: true,
      cell: ({ post, usual }) =>
        post.status === "posted" && usual
          ? t("posting.usualValue", {
              orders: usual.orders.toFixed(1),
              fen: formatFen(usual.estimate_fen),
              days: usual.days,
            })
          : "—",
    },
    {
      id: "credited",
      label: "posting.credited",
      numeric: true,
      cell: ({ post, credited }) => (post.status === "posted" && credited ? formatCount(credited.orders) : "—"),
    },
  ];
  return (
    <DataTable
      testId="post-log"
      caption={t("posting.logCaption", { hours })}
      columns={columns}
      rows={log.data}
      rowKey={(r) => r.post.id}
      rowProps={(r) => ({ "data-testid": "log-row", "data-group": r.post.group_name })}
      empty={{ message: "posting.logEmpty" }}
    />
  );
}
