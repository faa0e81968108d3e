import { useEffect, useState } from "react";
import { api } from "../api";
import type { PartnerSummary } from "../bindings/PartnerSummary";
import { formatCount } from "../format";
import { useI18n } from "../i18n";
import { ErrorNotice } from "./ErrorNotice";

const PAGE = 50;

// The team as a tree, read one level at a time as branches are opened, so
// a team of 100,000 costs what is on screen.
export function TeamTree({ onOpen }: { onOpen: (id: number) => void }) {
  return (
    <ul className="tree" role="tree" data-testid="team-tree">
      <Level parent={null} onOpen={onOpen} />
    </ul>
  );
}

function Level({ parent, onOpen }: { parent: number | null; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<PartnerSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const load = async (offset: number) => {
    setError(null);
    try {
      const page = await api.partnerChildren(parent, { offset, limit: PAGE });
      setItems((before) => [...(offset === 0 ? [] : (before ?? [])), ...page.items]);
      setTotal(page.total);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    void load(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- each level loads once, when it first appears
  }, []);

  return (
    <>
      {(items ?? []).map((p) => (
        <Node key={p.id} partner={p} onOpen={onOpen} />
      ))}
      {items !== null && items.length < total && (
        <li>
          <button type="button" onClick={() => void load(items.length)}>
            {t("tree.more", { n: formatCount(total - items.length) })}
          </button>
        </li>
      )}
      {items !== null && items.length === 0 && parent === null && <li className="muted">{t("tree.empty")}</li>}
      {error !== null && (
        <li>
          <ErrorNotice error={error} onRetry={() => void load(items?.length ?? 0)} />
        </li>
      )}
    </>
  );
}

function Node({ partner, onOpen }: { partner: PartnerSummary; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <li role="treeitem" aria-expanded={partner.downline > 0 ? open : undefined}>
      {partner.downline > 0 ? (
        <button
          type="button"
          className="twisty"
          onClick={() => setOpen(!open)}
          aria-label={t(open ? "tree.collapse" : "tree.expand", { name: partner.name })}
        >
          {open ? "▾" : "▸"}
        </button>
      ) : (
        <span className="twisty" aria-hidden="true">
          ·
        </span>
      )}
      <span>
        {partner.name} <span className="tag">{t(`role.${partner.role}`)}</span>{" "}
        {partner.downline > 0 && <span className="muted">{t("tree.below", { n: formatCount(partner.downline) })}</span>}
      </span>{" "}
      <button type="button" onClick={() => onOpen(partner.id)} aria-label={t("team.openNamed", { name: partner.name })}>
        {t("team.open")}
      </button>
      {open && (
        <ul role="group">
          <Level parent={partner.id} onOpen={onOpen} />
        </ul>
      )}
    </li>
  );
}
