import { useState } from "react";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useFindPartners, useMovePartner, useSetMentor } from "./queries";

// Pick a new parent by search, then confirm: moving re-draws the tree.
export function MovePartner({ id, name }: { id: number; name: string }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<PartnerSummary[]>([]);
  const [target, setTarget] = useState<PartnerSummary | "top" | null>(null);
  const [withSubtree, setWithSubtree] = useState(true);
  const [done, setDone] = useState(false);

  const search = useFindPartners();
  const mentor = useSetMentor(id, () => setMatches([]));
  const move = useMovePartner(id, () => {
    setTarget(null);
    setDone(true);
  });
  const error = search.error ?? mentor.error ?? move.error;
  const find = () => search.mutate(query, { onSuccess: (page) => setMatches(page.items.filter((p) => p.id !== id)) });
  const confirm = () => {
    if (target !== null) move.mutate({ parent: target === "top" ? null : target.id, withSubtree });
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
        <button type="button" onClick={find}>
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
          <button type="button" className="primary" onClick={confirm}>
            {t("move.confirm")}
          </button>
          <button type="button" onClick={() => setTarget(null)}>
            {t("form.cancel")}
          </button>
        </div>
      )}
      {done && <p role="status">{t("move.done")}</p>}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
