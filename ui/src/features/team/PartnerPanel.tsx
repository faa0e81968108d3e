import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { PartnerCourses } from "../courses/PartnerCourses";
import { useEffect, useRef, useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { PartnerCare } from "../care/PartnerCare";
import { PartnerForm } from "./PartnerForm";
import { RangeSelect } from "../../components/RangeSelect";

// One partner: contacts (masked until asked), stage with its rule, her own
// and her downline's earnings, and moving her in the tree.
export function PartnerPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  const [reveal, setReveal] = useState(false);
  const detail = useQuery({
    queryKey: keys.team.detail(id, days, reveal),
    queryFn: () => api.partnerDetail(id, days, reveal),
    placeholderData: keepPreviousData,
  });
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
          <dl className="facts">
            <dt>{t("team.parent")}</dt>
            <dd>{detail.data.parent?.name ?? t("partner.noParent")}</dd>
            <dt>{t("mentor.label")}</dt>
            <dd>{detail.data.mentor?.name ?? t("mentor.none")}</dd>
            <dt>{t("team.subUnionId")}</dt>
            <dd className="mono">{detail.data.sub_union_id ?? "—"}</dd>
            <dt>{t("team.joined")}</dt>
            <dd>
              {detail.data.unreadable.includes("joined_on")
                ? t("team.joinedUnreadable")
                : (detail.data.joined_on ?? "—")}
            </dd>
            <dt>{t("team.wechat")}</dt>
            <dd className="mono">{detail.data.wechat ?? "—"}</dd>
            <dt>{t("partner.phone")}</dt>
            <dd className="mono">{detail.data.phone ?? "—"}</dd>
            <dt>{t("groupForm.tags")}</dt>
            <dd>
              {detail.data.tags.length > 0
                ? detail.data.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))
                : "—"}
            </dd>
            <dt>{t("groupForm.notes")}</dt>
            <dd className="notes">{detail.data.notes || "—"}</dd>
            <dt>{t("partner.downline")}</dt>
            <dd>
              {t("partner.downlineCounts", {
                direct: formatCount(detail.data.direct_downline),
                whole: formatCount(detail.data.whole_downline),
              })}
            </dd>
            <dt>{t("partner.stage")}</dt>
            <dd data-testid="partner-stage">
              <strong>{t(`stage.${detail.data.stage}`)}</strong>{" "}
              <span className="muted">
                {t("partner.stageBasis", { orders: detail.data.stage_orders, days: detail.data.stage_days })}
              </span>
            </dd>
          </dl>
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
                  <td className="num">{formatFen(detail.data[line].estimate_fen)}</td>
                  <td className="num">{formatFen(detail.data[line].actual_fen)}</td>
                  <td className="num">{formatCount(detail.data[line].orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PartnerCourses partnerId={id} />
          <PartnerCare partnerId={id} />
          <MoveForm id={id} name={detail.data.name} />
          <button type="button" onClick={onClose}>
            {t("groupForm.close")}
          </button>
        </>
      )}
    </section>
  );
}

// The form edits her full contacts, so it reads them revealed.
function EditPartner({ id, onDone }: { id: number; onDone: () => void }) {
  const full = useQuery({ queryKey: keys.team.detail(id, 7, true), queryFn: () => api.partnerDetail(id, 7, true) });
  if (full.isPending) return <Loading />;
  if (full.isError) return <ErrorNotice error={full.error} onRetry={() => void full.refetch()} />;
  return <PartnerForm partner={full.data} onSaved={onDone} onClose={onDone} />;
}

// Pick a new parent by search, then confirm: moving re-draws the tree.
function MoveForm({ id, name }: { id: number; name: string }) {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<PartnerSummary[]>([]);
  const [target, setTarget] = useState<PartnerSummary | "top" | null>(null);
  const [withSubtree, setWithSubtree] = useState(true);
  const [done, setDone] = useState(false);

  const search = useMutation({
    mutationFn: () => api.listPartners(query, "name", { offset: 0, limit: 10 }),
    onSuccess: (page) => setMatches(page.items.filter((p) => p.id !== id)),
  });
  // A mentor puts her on the care rhythm; a move changes the tree and every
  // upline's team earnings.
  const mentor = useMutation({
    mutationFn: (mentorId: number) => api.setMentor(id, mentorId),
    onSuccess: async () => {
      setMatches([]);
      await invalidate(keys.team.all, keys.care.all);
    },
  });
  const move = useMutation({
    mutationFn: (parent: number | null) => api.movePartner(id, parent, withSubtree),
    onSuccess: async () => {
      setTarget(null);
      setDone(true);
      await invalidate(keys.team.all, keys.care.all);
    },
  });
  const error = search.error ?? mentor.error ?? move.error;
  const find = () => search.mutate();
  const confirm = () => {
    if (target !== null) move.mutate(target === "top" ? null : target.id);
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
              <button type="button" onClick={() => mentor.mutate(m.id)}>
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
