import { useState } from "react";
import type { PartnerSummary } from "../../bindings/PartnerSummary";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useChildren } from "./queries";

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
  // Each level is read when it first appears, a page at a time as she asks for more.
  const level = useChildren(parent);
  const items: PartnerSummary[] | null = level.data ? level.data.pages.flatMap((page) => page.items) : null;
  const total = level.data?.pages[0]?.total ?? 0;

  return (
    <>
      {(items ?? []).map((p) => (
        <Node key={p.id} partner={p} onOpen={onOpen} />
      ))}
      {items !== null && items.length < total && (
        <li>
          <button type="button" disabled={level.isFetchingNextPage} onClick={() => void level.fetchNextPage()}>
            {t("tree.more", { n: formatCount(total - items.length) })}
          </button>
        </li>
      )}
      {items !== null && items.length === 0 && parent === null && <li className="muted">{t("tree.empty")}</li>}
      {level.isError && (
        <li>
          <ErrorNotice error={level.error} onRetry={() => void level.refetch()} />
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
