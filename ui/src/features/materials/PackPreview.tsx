import type { PackItemState } from "../../bindings/PackItemState";
import type { PackPlan } from "../../bindings/PackPlan";
import type { PackResolution } from "../../bindings/PackResolution";
import { useI18n } from "../../i18n";
import { Select } from "../../components/Select";
import { useRowPage } from "../../components/RowPager";

const RESOLUTIONS: PackResolution[] = ["mine", "theirs", "both"];

// Both sides changed it, or hers came from elsewhere: hers unless she chooses.
const asksChoice = (state: PackItemState) => state === "conflict" || state === "foreign";

// A pack read from another laptop, item by item, with her choice for each
// conflict (or one choice for all) before anything is imported.
export function PackPreview({
  plan,
  otherwise,
  onOtherwise,
  choices,
  onChoose,
  importing,
  onImport,
  onCancel,
}: {
  plan: PackPlan;
  otherwise: PackResolution;
  onOtherwise: (choice: PackResolution) => void;
  choices: Record<string, PackResolution>;
  onChoose: (uid: string, choice: PackResolution) => void;
  importing: boolean;
  onImport: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // A library's pack holds thousands of materials: a page of them at a time
  // (her choices are kept above, so turning pages loses none). Its courses,
  // at most `materials::packs::read::MAX_COURSES`, stay under every page.
  const { shown, pager } = useRowPage(plan.items);
  return (
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
          <Select
            value={otherwise}
            choices={RESOLUTIONS}
            word={(r) => t(`packs.resolution.${r}`)}
            onChoose={(r) => onOtherwise(r)}
          />
        </label>
      )}
      <ul className="pack-items">
        {shown.map((item) => (
          <li key={item.uid} data-state={item.state}>
            <span className={`tag pack-${item.state}`}>{t(`packs.state.${item.state}`)}</span>
            <span>{item.title}</span>
            {item.mine_title && <span className="muted">{t("packs.mineTitle", { title: item.mine_title })}</span>}
            {asksChoice(item.state) && (
              <ChoiceFor
                title={item.title}
                value={choices[item.uid] ?? otherwise}
                onChange={(c) => onChoose(item.uid, c)}
              />
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
                onChange={(c) => onChoose(course.uid, c)}
              />
            )}
          </li>
        ))}
      </ul>
      {pager}
      <div className="inline">
        <button type="button" className="primary" onClick={onImport} disabled={importing}>
          {t("packs.importNow")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </section>
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
    <Select
      aria-label={t("packs.choiceFor", { title })}
      value={value}
      choices={RESOLUTIONS}
      word={(r) => t(`packs.resolution.${r}`)}
      onChoose={(r) => onChange(r)}
    />
  );
}
