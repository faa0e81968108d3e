import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { useI18n } from "../../i18n";

// The variables a copy could not fill, asked for: the group from her
// groups, the nickname and link typed. Nothing is copied with a blank.
export function CopyFor({
  variables,
  copying,
  onCopy,
  onCancel,
}: {
  variables: Variable[];
  copying: boolean;
  onCopy: (values: Values) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Values>({ group_name: null, nickname: null, link: null });
  const needs = (v: Variable) => variables.includes(v);
  const groups = useQuery({
    queryKey: [...keys.groups.all, "copy-for"],
    queryFn: () => api.listGroups(false, { offset: 0, limit: 200 }),
    enabled: needs("group_name"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCopy(values);
  };
  const filled = (v: string | null) => (v ?? "").trim() !== "";
  const ready =
    (!needs("group_name") || filled(values.group_name)) &&
    (!needs("nickname") || filled(values.nickname)) &&
    (!needs("link") || filled(values.link));

  return (
    <form className="form copy-for" onSubmit={submit} aria-label={t("materials.copyFor")} data-testid="copy-for">
      <p className="wide">{t("materials.copyForHint")}</p>
      {needs("group_name") && (
        <label>
          {t("materials.varGroup")}
          <select
            name="group"
            value={values.group_name ?? ""}
            onChange={(e) => setValues((v) => ({ ...v, group_name: e.target.value }))}
            autoFocus
          >
            <option value="">{t("materials.chooseGroup")}</option>
            {groups.data?.items.map((g) => (
              <option key={g.id} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {needs("nickname") && (
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
      {needs("link") && (
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
      <div className="wide inline">
        <button type="submit" className="primary" disabled={!ready || copying}>
          {t("materials.copy")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("import.cancel")}
        </button>
      </div>
    </form>
  );
}
