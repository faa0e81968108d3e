import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { PostRow } from "./PostRow";
import { useQueue } from "./queries";
import { LinkButton } from "../../components/LinkButton";

// Today's posts: those due now first, then the rest of the day, then what
// she has logged. On 总览 only what waits is shown, with a way to the page.
export function PostQueue({ compact, onOpen }: { compact?: boolean; onOpen?: () => void }) {
  const { t } = useI18n();
  const queue = useQueue();

  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />;
  const { posts, next, due_now } = queue.data;
  const dueNow = posts.filter((p) => p.due_now);
  const later = posts.filter((p) => !p.due_now && (p.status === "due" || p.status === "later"));
  const logged = posts.filter((p) => p.status === "posted" || p.status === "skipped");

  return (
    <section className="post-queue" aria-labelledby="queue-title" data-testid="post-queue">
      <h3 id="queue-title">
        {t("posting.todayTitle")}
        {due_now > 0 && <span className="tag tag-warn"> {t("posting.dueCount", { n: formatCount(due_now) })}</span>}
      </h3>
      {posts.length === 0 && (
        <div className="empty">
          <p>{t("posting.emptyToday")}</p>
          {onOpen && (
            <button type="button" onClick={onOpen}>
              {t("posting.goPlans")}
            </button>
          )}
        </div>
      )}
      {dueNow.length > 0 && (
        <ul className="posts" data-testid="posts-due">
          {dueNow.map((p) => (
            <PostRow key={p.id} post={p} />
          ))}
        </ul>
      )}
      {next && (
        <p className="muted" data-testid="post-next">
          {t("posting.next", { time: next.due, group: next.group_name, plan: next.plan_title })}
        </p>
      )}
      {!compact && later.length > 0 && (
        <>
          <h4>{t("posting.laterToday")}</h4>
          <ul className="posts" data-testid="posts-later">
            {later.map((p) => (
              <PostRow key={p.id} post={p} />
            ))}
          </ul>
        </>
      )}
      {!compact && logged.length > 0 && (
        <>
          <h4>{t("posting.doneToday")}</h4>
          <ul className="posts" data-testid="posts-logged">
            {logged.map((p) => (
              <PostRow key={p.id} post={p} />
            ))}
          </ul>
        </>
      )}
      {compact && onOpen && posts.length > 0 && (
        <LinkButton onClick={onOpen} data-testid="open-posting">
          {t("posting.openPage", { n: formatCount(posts.length) })}
        </LinkButton>
      )}
    </section>
  );
}
