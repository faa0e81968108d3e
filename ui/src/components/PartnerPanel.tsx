import { useEffect, useRef, useState } from "react";
import { api } from "../api";
import type { PartnerSummary } from "../bindings/PartnerSummary";
import { formatCount, formatFen } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";
import { PartnerCare } from "./PartnerCare";
import { PartnerForm } from "./PartnerForm";
import { RangeSelect } from "./RangeSelect";

// One partner: contacts (masked until asked), stage with its rule, her own
// and her downline's earnings, and moving her in the tree.
export function PartnerPanel({
  id,
  version,
  onClose,
  onMoved,
}: {
  id: number;
  version: number;
  onClose: () => void;
  onMoved: () => void;
}) {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  const [reveal, setReveal] = useState(false);
  const [detail, retry] = useLoad(() => api.partnerDetail(id, days, reveal), [id, days, reveal, version]);
  const [editing, setEditing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);

  return (
    <section className="editor" aria-labelledby="partner-title" data-testid="partner-panel">
      {detail.state === "loading" && <Loading />}
      {detail.state === "failed" && <ErrorNotice error={detail.error} onRetry={retry} />}
      {detail.state === "ready" && (
        <>
          <h3 id="partner-title" tabIndex={-1} ref={heading}>
            {detail.value.name} <span className="tag">{t(`role.${detail.value.role}`)}</span>
          </h3>
          <dl className="facts">
            <dt>{t("team.parent")}</dt>
            <dd>{detail.value.parent?.name ?? t("partner.noParent")}</dd>
            <dt>{t("mentor.label")}</dt>
            <dd>{detail.value.mentor?.name ?? t("mentor.none")}</dd>
            <dt>{t("team.subUnionId")}</dt>
            <dd className="mono">{detail.value.sub_union_id ?? "—"}</dd>
            <dt>{t("team.joined")}</dt>
            <dd>{detail.value.joined_on ?? "—"}</dd>
            <dt>{t("team.wechat")}</dt>
            <dd className="mono">{detail.value.wechat ?? "—"}</dd>
            <dt>{t("partner.phone")}</dt>
            <dd className="mono">{detail.value.phone ?? "—"}</dd>
            <dt>{t("groupForm.tags")}</dt>
            <dd>
              {detail.value.tags.length > 0
                ? detail.value.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))
                : "—"}
            </dd>
            <dt>{t("groupForm.notes")}</dt>
            <dd className="notes">{detail.value.notes || "—"}</dd>
            <dt>{t("partner.downline")}</dt>
            <dd>
              {t("partner.downlineCounts", {
                direct: formatCount(detail.value.direct_downline),
                whole: formatCount(detail.value.whole_downline),
              })}
            </dd>
            <dt>{t("partner.stage")}</dt>
            <dd data-testid="partner-stage">
              <strong>{t(`stage.${detail.value.stage}`)}</strong>{" "}
              <span className="muted">
                {t("partner.stageBasis", { orders: detail.value.stage_orders, days: detail.value.stage_days })}
              </span>
            </dd>
          </dl>
          <p className="muted">{t("partner.stageRule")}</p>
          {editing ? (
            <EditPartner
              id={id}
              onDone={(saved) => {
                setEditing(false);
                if (saved) onMoved();
              }}
            />
          ) : (
            <button type="button" onClick={() => setEditing(true)} data-testid="edit-partner">
              {detail.value.is_placeholder ? t("partnerForm.fillIn") : t("partnerForm.edit")}
            </button>
          )}
          <div className="inline">
            <RangeSelect days={days} onDays={setDays} />
            <label className="inline">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
              {t("partner.reveal")}
            </label>
          </div>
          <table data-testid="partner-earnings">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" className="num">
                  {t("table.estimate")}
                </th>
                <th scope="col" className="num">
                  {t("table.actual")}
                </th>
                <th scope="col" className="num">
                  {t("table.orders")}
                </th>
              </tr>
            </thead>
            <tbody>
              {(["own", "team"] as const).map((line) => (
                <tr key={line} data-line={line}>
                  <th scope="row">{t(`partner.${line}`)}</th>
                  <td className="num">{formatFen(detail.value[line].estimate_fen)}</td>
                  <td className="num">{formatFen(detail.value[line].actual_fen)}</td>
                  <td className="num">{formatCount(detail.value[line].orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PartnerCare partnerId={id} />
          <MoveForm id={id} name={detail.value.name} onMoved={onMoved} />
          <button type="button" onClick={onClose}>
            {t("groupForm.close")}
          </button>
        </>
      )}
    </section>
  );
}

// The form edits her full contacts, so it reads them revealed.
function EditPartner({ id, onDone }: { id: number; onDone: (saved: boolean) => void }) {
  const [full, retry] = useLoad(() => api.partnerDetail(id, 7, true), [id]);
  if (full.state === "loading") return <Loading />;
  if (full.state === "failed") return <ErrorNotice error={full.error} onRetry={retry} />;
  return <PartnerForm partner={full.value} onSaved={() => onDone(true)} onClose={() => onDone(false)} />;
}

// Pick a new parent by search, then confirm: moving re-draws the tree.
function MoveForm({ id, name, onMoved }: { id: number; name: string; onMoved: () => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<PartnerSummary[]>([]);
  const [target, setTarget] = useState<PartnerSummary | "top" | null>(null);
  const [withSubtree, setWithSubtree] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const find = async () => {
    setError(null);
    try {
      const page = await api.listPartners(query, "name", { offset: 0, limit: 10 });
      setMatches(page.items.filter((p) => p.id !== id));
    } catch (e) {
      setError(e);
    }
  };

  const mentor = async (mentorId: number) => {
    setError(null);
    try {
      await api.setMentor(id, mentorId);
      setMatches([]);
      onMoved();
    } catch (e) {
      setError(e);
    }
  };

  const confirm = async () => {
    if (target === null) return;
    setError(null);
    try {
      await api.movePartner(id, target === "top" ? null : target.id, withSubtree);
      setTarget(null);
      setDone(true);
      onMoved();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="move-form">
      <h4>{t("move.title")}</h4>
      <div className="inline">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("team.searchHint")}
          aria-label={t("move.search")}
        />
        <button type="button" onClick={() => void find()}>
          {t("move.find")}
        </button>
        <button type="button" onClick={() => setTarget("top")}>
          {t("move.toTop")}
        </button>
      </div>
      {matches.length > 0 && target === null && (
        <ul className="choices">
          {matches.map((m) => (
            <li key={m.id}>
              {m.name} {m.wechat ? `（${m.wechat}）` : ""}{" "}
              <button type="button" onClick={() => setTarget(m)}>
                {t("move.under")}
              </button>
              <button type="button" onClick={() => void mentor(m.id)}>
                {t("mentor.set")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="inline">
        <input type="checkbox" checked={withSubtree} onChange={(e) => setWithSubtree(e.target.checked)} />
        {t("move.withSubtree")}
      </label>
      {target !== null && (
        <div className="notice" role="alertdialog" aria-label={t("move.confirmTitle")}>
          <p>
            {t(withSubtree ? "move.confirmWith" : "move.confirmAlone", {
              name,
              target: target === "top" ? t("move.top") : target.name,
            })}
          </p>
          <button type="button" className="primary" onClick={() => void confirm()}>
            {t("move.confirm")}
          </button>
          <button type="button" onClick={() => setTarget(null)}>
            {t("import.cancel")}
          </button>
        </div>
      )}
      {done && <p role="status">{t("move.done")}</p>}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
