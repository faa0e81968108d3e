import { useRef, useState } from "react";
import type { PackPlan } from "../../bindings/PackPlan";
import type { PackResolution } from "../../bindings/PackResolution";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import type { Shelf } from "./FolderTree";
import { IncludeNotes } from "../../components/IncludeNotes";
import { PackPreview } from "./PackPreview";
import { useExportPack, usePackImport, usePackPreview } from "./queries";

// Training packs: the shelf on screen (a folder or a tag) saved as one
// .tzpack file for another laptop, and a pack from another laptop read,
// previewed item by item, and imported with her choice for each conflict.
// Private notes go only when she ticks the box; another source's items and
// an older version's are named, and neither replaces hers unasked.
export function PackPanel({ shelf }: { shelf: Shelf }) {
  const { t } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<PackPlan | null>(null);
  const [otherwise, setOtherwise] = useState<PackResolution>("mine");
  const [choices, setChoices] = useState<Record<string, PackResolution>>({});
  const [includeNotes, setIncludeNotes] = useState(false);
  const exported = useExportPack();
  const preview = usePackPreview();
  const imported = usePackImport(() => setPlan(null));
  const pick = (picked: File | undefined) => {
    if (!picked) return;
    setFile(picked);
    imported.reset();
    preview.mutate(picked, {
      onSuccess: (answer) => {
        setPlan(answer);
        setChoices({});
      },
    });
  };
  const canExport = shelf.folderId !== null || shelf.tag !== null;
  const failed = exported.error ?? preview.error ?? imported.error;

  return (
    <div className="pack-panel" data-testid="pack-panel">
      <div className="inline">
        {canExport && (
          <>
            <button
              type="button"
              onClick={() => exported.mutate({ folderId: shelf.folderId, tag: shelf.tag, notes: includeNotes })}
              disabled={exported.isPending}
            >
              {t("packs.export")}
            </button>
            <IncludeNotes checked={includeNotes} onChange={setIncludeNotes} />
          </>
        )}
        <button type="button" onClick={() => picker.current?.click()} disabled={preview.isPending}>
          {t("packs.import")}
        </button>
        <input
          ref={picker}
          type="file"
          accept=".tzpack"
          hidden
          data-testid="pack-file"
          onChange={(e) => {
            pick(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </div>
      {exported.data && (
        <p className="notice" role="status" data-testid="pack-exported">
          {t("packs.exported", { path: exported.data })}
        </p>
      )}
      {failed && <ErrorNotice error={failed} />}
      {imported.data && (
        <p className="notice" role="status" data-testid="pack-imported">
          {t("packs.imported", {
            new: imported.data.new,
            updated: imported.data.updated,
            unchanged: imported.data.unchanged,
            older: imported.data.older,
            mine: imported.data.kept_mine,
            both: imported.data.kept_both,
          })}
        </p>
      )}
      {plan && file && (
        <PackPreview
          plan={plan}
          otherwise={otherwise}
          onOtherwise={setOtherwise}
          choices={choices}
          onChoose={(uid, choice) => setChoices((c) => ({ ...c, [uid]: choice }))}
          importing={imported.isPending}
          onImport={() => imported.mutate({ file, otherwise, choices })}
          onCancel={() => setPlan(null)}
        />
      )}
    </div>
  );
}
