import { useState, type FormEvent } from "react";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Message } from "../../bindings/Message";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { FormActions } from "../../components/FormActions";
import { useI18n } from "../../i18n";
import { PartnerSearchPicker } from "../team/PartnerSearchPicker";
import { useCopyGroups } from "./queries";

const CHOICES = 200;
/** The chooser's entry that opens the partner search. */
const FIND_PARTNER = "find:partner";

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
// partner (her nickname and her link), found by search since her team can
// be far bigger than a dropdown. What the store still cannot know is
// typed; nothing is copied with a blank.
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
  // The chosen partner's name, once she picks her; a target handed in names no one.
  const [partnerName, setPartnerName] = useState<string | null>(null);
  const [finding, setFinding] = useState(false);
  const [values, setValues] = useState<Values>({ group_name: null, nickname: null, link: null });
  const groups = useCopyGroups(CHOICES);
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
  const choose = (key: string) => {
    setFinding(key === FIND_PARTNER);
    setChosen(targetOf(key));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCopy(chosen, values);
  };

  return (
    <form className="form copy-for" onSubmit={submit} aria-label={t("materials.copyFor")} data-testid="copy-for">
      <p className="wide">{t("materials.copyForHint")}</p>
      <label className="wide">
        {t("materials.copyTarget")}
        <select
          name="target"
          value={finding ? FIND_PARTNER : targetKey(chosen)}
          onChange={(e) => choose(e.target.value)}
          autoFocus
        >
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
            {chosen?.kind === "partner" && (
              <option value={targetKey(chosen)}>{partnerName ?? t("materials.chosenPartner")}</option>
            )}
            <option value={FIND_PARTNER}>{t("materials.findPartner")}</option>
          </optgroup>
        </select>
      </label>
      {finding && (
        <div className="wide">
          <PartnerSearchPicker
            label={t("materials.searchPartner")}
            onPick={(p) => {
              setChosen({ kind: "partner", id: p.id });
              setPartnerName(p.name);
              setFinding(false);
            }}
            skipPlaceholders
            autoFocus
          />
        </div>
      )}
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
