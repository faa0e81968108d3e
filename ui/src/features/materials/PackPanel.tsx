import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { PackItemState } from "../../bindings/PackItemState";
import type { PackPlan } from "../../bindings/PackPlan";
import type { PackResolution } from "../../bindings/PackResolution";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import type { Shelf } from "./FolderTree";
import { IncludeNotes } from "../../components/IncludeNotes";

const RESOLUTIONS: PackResolution[] = ["mine", "theirs", "both"];

// Both sides changed it, or hers came from elsewhere: hers unless she chooses.
const asksChoice = (state: PackItemState) => state === "conflict" || state === "foreign";

// Training packs: the shelf on screen (a folder or a tag) saved as one
// .tzpack file for another laptop, and a pack from another laptop read,
// previewed item by item, and imported with her choice for each conflict.
// Private notes go only when she ticks the box; another source's items and
// an older version's are named, and neither replaces hers unasked.
export function PackPanel({ shelf }: { shelf: Shelf }) {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const picker = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<PackPlan | null>(null);
  const [otherwise, setOtherwise] = useState<PackResolution>("mine");
  const [choices, setChoices] = useState<Record<string, PackResolution>>({});
  const [includeNotes, setIncludeNotes] = useState(false);
  const exported = useMutation({ mutationFn: () => api.exportPack(shelf.folderId, shelf.tag, includeNotes) });
  const preview = useMutation({
    mutationFn: (picked: File) => api.packPreview(picked),
    onSuccess: (answer) => {
      setPlan(answer);
      setChoices({});
    },
  });
  const imported = useMutation({
    mutationFn: () => (file ? api.packImport(file, otherwise, choices) : Promise.reject(new Error("no file"))),
    onSuccess: async () => {
      setPlan(null);
      await invalidate(keys.materials.all);
    },
  });
  const pick = (picked: File | undefined) => {
    if (!picked) return;
    setFile(picked);
    imported.reset();
    preview.mutate(picked);
  };
  const choose = (uid: string) => (choice: PackResolution) => setChoices((c) => ({ ...c, [uid]: choice }));
  const canExport = shelf.folderId !== null || shelf.tag !== null;
  const failed = exported.error ?? preview.error ?? imported.error;

  return (
    <div className="pack-panel" data-testid="pack-panel">
      <div className="inline">
        {canExport && (
          <>
            <button type="button" onClick={() => exported.mutate()} disabled={exported.isPending}>
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
      {plan && (
        <section className="card pack-preview" aria-label={t("packs.preview")} data-testid="pack-preview">
          <h3>
            {t("packs.previewOf", {
              title: plan.manifest.title,
              publisher: plan.manifest.publisher,
              version: plan.manifest.pack_version,
            })}
          </h3>
          <p className="muted">
            {t("packs.tally", {
              new: plan.tally.new,
              updated: plan.tally.updated,
              unchanged: plan.tally.unchanged,
              conflict: plan.tally.conflict,
              foreign: plan.tally.foreign,
              older: plan.tally.older,
            })}
          </p>
          {(plan.tally.foreign > 0 || plan.courses.some((c) => c.state === "foreign")) && (
            <p className="notice" data-testid="pack-foreign">
              {t("packs.foreignHint")}
            </p>
          )}
          {(plan.tally.older > 0 || plan.courses.some((c) => c.state === "older")) && (
            <p className="notice" data-testid="pack-older">
              {t("packs.olderHint", { version: plan.imported_version ?? plan.manifest.pack_version })}
            </p>
          )}
          {[...plan.items, ...plan.courses].some((i) => asksChoice(i.state)) && (
            <label className="inline">
              {t("packs.allConflicts")}
              <select value={otherwise} onChange={(e) => setOtherwise(e.target.value as PackResolution)}>
                {RESOLUTIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`packs.resolution.${r}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <ul className="pack-items">
            {plan.items.map((item) => (
              <li key={item.uid} data-state={item.state}>
                <span className={`tag pack-${item.state}`}>{t(`packs.state.${item.state}`)}</span>
                <span>{item.title}</span>
                {item.mine_title && <span className="muted">{t("packs.mineTitle", { title: item.mine_title })}</span>}
                {asksChoice(item.state) && (
                  <ChoiceFor title={item.title} value={choices[item.uid] ?? otherwise} onChange={choose(item.uid)} />
                )}
              </li>
            ))}
            {plan.courses.map((course) => (
              <li key={course.uid} data-state={course.state} data-course={course.uid}>
                <span className={`tag pack-${course.state}`}>{t(`packs.state.${course.state}`)}</span>
                <span>{t("packs.course", { title: course.title })}</span>
                {asksChoice(course.state) && (
                  <ChoiceFor
                    title={course.title}
                    value={choices[course.uid] ?? otherwise}
                    onChange={choose(course.uid)}
                  />
                )}
              </li>
            ))}
          </ul>
          <div className="inline">
            <button type="button" className="primary" onClick={() => imported.mutate()} disabled={imported.isPending}>
              {t("packs.importNow")}
            </button>
            <button type="button" onClick={() => setPlan(null)}>
              {t("import.cancel")}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

// Her choice for one item or course: keep hers, take theirs, or both.
function ChoiceFor({
  title,
  value,
  onChange,
}: {
  title: string;
  value: PackResolution;
  onChange: (choice: PackResolution) => void;
}) {
  const { t } = useI18n();
  return (
    <select
      aria-label={t("packs.choiceFor", { title })}
      value={value}
      onChange={(e) => onChange(e.target.value as PackResolution)}
    >
      {RESOLUTIONS.map((r) => (
        <option key={r} value={r}>
          {t(`packs.resolution.${r}`)}
        </option>
      ))}
    </select>
  );
}
