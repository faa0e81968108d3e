import { useState } from "react";
import type { Material } from "../../bindings/Material";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useRowPage } from "../../components/RowPager";
import { formatTime } from "../../format";
import { useI18n } from "../../i18n";
import { useBringBack, useVersions } from "./queries";

// Every save of a material, newest first; any one can be read and brought
// back, which saves it again as the newest (nothing is overwritten).
export function VersionHistory({ material, onClose }: { material: Material; onClose: () => void }) {
  const { t } = useI18n();
  const versions = useVersions(material.id);
  const [open, setOpen] = useState<number | null>(null);
  const back = useBringBack(material, onClose);
  // Every save is kept, so a material edited daily for a year has hundreds.
  const { shown, pager } = useRowPage(versions.data ?? []);
  const bringBack = (revision: number) => {
    if (window.confirm(t("materials.bringBackConfirm", { revision }))) back.mutate(revision);
  };

  return (
    <section className="card versions" aria-label={t("materials.versions")} data-testid="material-versions">
      <div className="inline">
        <h3>{t("materials.versionsOf", { title: material.title })}</h3>
        <button type="button" onClick={onClose}>
          {t("materials.close")}
        </button>
      </div>
      {versions.isPending && <Loading />}
      {versions.isError && <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />}
      {back.isError && <ErrorNotice error={back.error} />}
      <ol className="version-list">
        {shown.map((v) => (
          <li key={v.revision}>
            <div className="inline">
              <strong>{t("materials.revision", { revision: v.revision })}</strong>
              <span className="muted">{formatTime(v.saved_at)}</span>
              <span>{v.title}</span>
              <button type="button" onClick={() => setOpen(open === v.revision ? null : v.revision)}>
                {open === v.revision ? t("materials.hide") : t("materials.view")}
              </button>
              {v.revision !== material.revision && (
                <button type="button" onClick={() => bringBack(v.revision)} disabled={back.isPending}>
                  {t("materials.bringBack")}
                </button>
              )}
            </div>
            {open === v.revision && <pre className="material-body">{v.body}</pre>}
          </li>
        ))}
      </ol>
      {pager}
    </section>
  );
}
