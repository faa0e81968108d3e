import { useEffect, useRef } from "react";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useTimeline } from "./queries";

// Every state sync saw one order row in, oldest first, the current last.
export function RowTimelineView({ rowId, onClose }: { rowId: number; onClose: () => void }) {
  const { t } = useI18n();
  const timeline = useTimeline(rowId);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [rowId]);

  return (
    <section className="row-timeline" aria-labelledby="timeline-title" data-testid="row-timeline">
      <h4 id="timeline-title" tabIndex={-1} ref={heading}>
        {t("timeline.title", { row: timeline.data?.order_key ?? rowId })}
      </h4>
      <button type="button" onClick={onClose}>
        {t("timeline.close")}
      </button>
      {timeline.isPending && <Loading />}
      {timeline.isError && <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data && (
        <>
          <p>
            {timeline.data.sku_name} × {timeline.data.sku_num} ·{" "}
            {t("timeline.ordered", { at: timeline.data.order_time })}
            {timeline.data.group && ` · ${timeline.data.group}`}
            {timeline.data.partner && ` · ${timeline.data.partner}`}
          </p>
          <p className="muted">{t("timeline.note")}</p>
          <ol className="timeline">
            {timeline.data.states.map((state, index) => (
              <li key={`${state.modify_time}-${index}`}>
                <time>{state.modify_time}</time> <strong>{t(`orderStatus.${state.status}`)}</strong>{" "}
                {t("timeline.fees", {
                  estimate: formatFen(state.estimate_fee_fen),
                  actual: formatFen(state.actual_fee_fen),
                })}
                {state.sku_return_num > 0 && ` · ${t("timeline.returns", { n: state.sku_return_num })}`}
                {state.pay_month && ` · ${t("timeline.payMonth", { day: state.pay_month })}`}
                {index === timeline.data.states.length - 1 && ` · ${t("timeline.current")}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
