import { PartnerCourses } from "../courses/PartnerCourses";
import { useEffect, useRef, useState } from "react";
import { DataTable } from "../../components/DataTable";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { PartnerCare } from "../care/PartnerCare";
import { PartnerForm } from "./PartnerForm";
import { RangeSelect } from "../../components/RangeSelect";
import { MovePartner } from "./MovePartner";
import { PartnerFacts } from "./PartnerFacts";
import { PartnerPayout } from "./PartnerPayout";
import { usePartnerContacts, usePartnerDetail } from "./queries";

/** Her own earnings, then her downline's. */
const LINES = ["own", "team"] as const;

// One partner: contacts (masked until asked), stage with its rule, her own
// and her downline's earnings, and moving her in the tree.
export function PartnerPanel({
  id,
  onClose,
  onGoPayouts,
}: {
  id: number;
  onClose: () => void;
  onGoPayouts?: () => void;
}) {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  const [reveal, setReveal] = useState(false);
  const detail = usePartnerDetail(id, days, reveal);
  const [editing, setEditing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);

  return (
    <section className="editor" aria-labelledby="partner-title" data-testid="partner-panel">
      {detail.isPending && <Loading />}
      {detail.isError && <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.data && (
        <>
          <h3 id="partner-title" tabIndex={-1} ref={heading}>
            {detail.data.name} <span className="tag">{t(`role.${detail.data.role}`)}</span>
          </h3>
          <PartnerFacts partner={detail.data} />
          <p className="muted">{t("partner.stageRule")}</p>
          {editing ? (
            <EditPartner id={id} onDone={() => setEditing(false)} />
          ) : (
            <button type="button" onClick={() => setEditing(true)} data-testid="edit-partner">
              {detail.data.is_placeholder ? t("partnerForm.fillIn") : t("partnerForm.edit")}
            </button>
          )}
          <div className="inline">
            <RangeSelect days={days} onDays={setDays} />
            <label className="inline">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
              {t("partner.reveal")}
            </label>
          </div>
          <DataTable
            testId="partner-earnings"
            rows={LINES}
            rowKey={(line) => line}
            rowProps={(line) => ({ "data-line": line })}
            columns={[
              { id: "line", rowHeader: true, cell: (line) => t(`partner.${line}`) },
              {
                id: "estimate",
                label: "table.estimate",
                numeric: true,
                cell: (line) => formatFen(detail.data[line].estimate_fen),
              },
              {
                id: "actual",
                label: "table.actual",
                numeric: true,
                cell: (line) => formatFen(detail.data[line].actual_fen),
              },
              {
                id: "orders",
                label: "table.orders",
                numeric: true,
                cell: (line) => formatCount(detail.data[line].orders),
              },
            ]}
          />
          <PartnerPayout partnerId={id} onGoPayouts={onGoPayouts} />
          <PartnerCourses partnerId={id} />
          <PartnerCare partnerId={id} />
          <MovePartner id={id} name={detail.data.name} />
          <button type="button" onClick={onClose}>
            {t("groupForm.close")}
          </button>
        </>
      )}
    </section>
  );
}

function EditPartner({ id, onDone }: { id: number; onDone: () => void }) {
  const full = usePartnerContacts(id);
  if (full.isPending) return <Loading />;
  if (full.isError) return <ErrorNotice error={full.error} onRetry={() => void full.refetch()} />;
  return <PartnerForm partner={full.data} onSaved={onDone} onClose={onDone} />;
}
