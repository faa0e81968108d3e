import { useState, type FormEvent } from "react";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Message } from "../../bindings/Message";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { FormActions } from "../../components/FormActions";
import { useI18n } from "../../i18n";
import { useCopyTargets } from "./queries";

const CHOICES = 200;

function targetKey(target: LinkTarget | null): string {
  return target ? `${target.kind}:${target.id}` : "";
}

function targetOf(key: string): LinkTarget | null {
  const [kind, id] = key.split(":");
  if (kind === "group") return { kind: "group", id: Number(id) };
  if (kind === "partner") return { kind: "partner", id: Number(id) };
  return null;
}

// Whom the copy is for: one of her groups (its name and its link) or a
// partner (her nickname and her link). What the store still cannot know
// is typed; nothing is copied with a blank.
export function CopyFor({
  variables,
  linkProblem,
  target,
  copying,
  onCopy,
  onCancel,
}: {
  variables: Variable[];
  linkProblem: Message | null;
  target: LinkTarget | null;
  copying: boolean;
  onCopy: (target: LinkTarget | null, values: Values) => void;
  onCancel: () => void;
}) {
  const { t, tm } = useI18n();
  const [chosen, setChosen] = useState<LinkTarget | null>(target);
  const [values, setValues] = useState<Values>({ group_name: null, nickname: null, link: null });
  const { groups, partners } = useCopyTargets(CHOICES);
  // Once a target is chosen the store fills its name; only the rest is typed.
  const typed = (v: Variable) =>
    variables.includes(v) &&
    !(v === "group_name" && chosen?.kind === "group") &&
    !(v === "nickname" && chosen?.kind === "partner");
  // "Choose whom it is for" is what the chooser above says already.
  const askLink = variables.includes("link") && linkProblem !== null && linkProblem.key !== "links.unknownTarget";
  const filled = (v: string | null) => (v ?? "").trim() !== "";
  const ready =
    (!typed("group_name") || filled(values.group_name)) &&
    (!typed("nickname") || filled(values.nickname)) &&
    (!variables.includes("link") || (askLink ? filled(values.link) : chosen !== null));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCopy(chosen, values);
  };

  return (
    <form className="form copy-for" onSubmit={submit} aria-label={t("materials.copyFor")} data-testid="copy-for">
      <p className="wide">{t("materials.copyForHint")}</p>
      <label className="wide">
        {t("materials.copyTarget")}
        <select name="target" value={targetKey(chosen)} onChange={(e) => setChosen(targetOf(e.target.value))} autoFocus>
          <option value="">{t("materials.chooseTarget")}</option>
          <optgroup label={t("materials.targetGroups")}>
            {groups.data?.items
              .filter((g) => !g.is_placeholder)
              .map((g) => (
                <option key={g.id} value={`group:${g.id}`}>
                  {g.name}
                </option>
              ))}
          </optgroup>
          <optgroup label={t("materials.targetPartners")}>
            {partners.data?.items
              .filter((p) => !p.is_placeholder)
              .map((p) => (
                <option key={p.id} value={`partner:${p.id}`}>
                  {p.name}
                </option>
              ))}
          </optgroup>
        </select>
      </label>
      {typed("group_name") && (
        <label>
          {t("materials.varGroup")}
          <input
            name="group"
            value={values.group_name ?? ""}
            onChange={(e) => setValues((v) => ({ ...v, group_name: e.target.value }))}
            maxLength={60}
          />
        </label>
      )}
      {typed("nickname") && (
        <label>
          {t("materials.varNickname")}
          <input
            name="nickname"
            value={values.nickname ?? ""}
            onChange={(e) => setValues((v) => ({ ...v, nickname: e.target.value }))}
            maxLength={60}
          />
        </label>
      )}
      {askLink && linkProblem && (
        <p className="wide notice-error" role="alert" data-testid="link-problem">
          {tm(linkProblem)}
        </p>
      )}
      {askLink && (
        <label className="wide">
          {t("materials.varLink")}
          <input
            name="link"
            value={values.link ?? ""}
            onChange={(e) => setValues((v) => ({ ...v, link: e.target.value }))}
            placeholder="https://u.jd.com/…"
            maxLength={500}
          />
        </label>
      )}
      <FormActions disabled={!ready || copying} onCancel={onCancel} saveLabel="materials.fillAndPreview" />
    </form>
  );
}
