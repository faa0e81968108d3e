import type { GroupKind } from "../../bindings/GroupKind";
import type { PlanDraft } from "../../bindings/PlanDraft";
import { Field } from "../../components/Field";
import { Select } from "../../components/Select";
import { useI18n } from "../../i18n";
import { usePlanGroups } from "./queries";

const KINDS: GroupKind[] = ["sales", "training", "deals", "other"];

export type PlanFieldProps = {
  draft: PlanDraft;
  set: (change: Partial<PlanDraft>) => void;
  fieldError: (field: string) => string | null;
};

// Which groups a plan posts to: a kind of group, a tag, or groups she ticks.
export function AudienceFields({ draft, set, fieldError }: PlanFieldProps) {
  const { t } = useI18n();
  const groups = usePlanGroups();
  const audience = draft.audience;
  const chosen = audience.by === "groups" ? audience.ids : [];
  const realGroups = (groups.data?.items ?? []).filter((g) => !g.is_placeholder);
  return (
    <>
      <Field label={t("posting.audience")} error={fieldError("audience")} wide>
        <select
          name="audienceBy"
          value={audience.by}
          onChange={(e) => {
            const by = e.target.value;
            set({
              audience:
                by === "kind"
                  ? { by: "kind", kind: "sales" }
                  : by === "tag"
                    ? { by: "tag", tag: "" }
                    : { by: "groups", ids: [] },
            });
          }}
        >
          <option value="kind">{t("posting.byKind")}</option>
          <option value="tag">{t("posting.byTag")}</option>
          <option value="groups">{t("posting.byGroups")}</option>
        </select>
      </Field>
      {audience.by === "kind" && (
        <Field label={t("posting.groupKind")} error={null}>
          <Select
            name="kind"
            value={audience.kind}
            choices={KINDS}
            word={(k) => t(`kind.${k}`)}
            onChoose={(kind) => set({ audience: { by: "kind", kind } })}
          />
        </Field>
      )}
      {audience.by === "tag" && (
        <Field label={t("posting.groupTag")} error={null}>
          <input
            name="tag"
            value={audience.tag}
            onChange={(e) => set({ audience: { by: "tag", tag: e.target.value } })}
            maxLength={30}
          />
        </Field>
      )}
      {audience.by === "groups" && (
        <fieldset className="wide checks">
          <legend>{t("posting.chooseGroups")}</legend>
          {realGroups.length === 0 && <p className="muted">{t("posting.noGroupsYet")}</p>}
          {realGroups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(g.id)}
                onChange={(e) =>
                  set({
                    audience: {
                      by: "groups",
                      ids: e.target.checked ? [...chosen, g.id] : chosen.filter((id) => id !== g.id),
                    },
                  })
                }
              />
              {g.name}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
