import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, errorMessage, isAppError } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { PartnerInput } from "../../bindings/PartnerInput";
import type { PartnerDetail } from "../../bindings/PartnerDetail";
import type { PartnerRole } from "../../bindings/PartnerRole";
import { parseTags } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";

const ROLES: PartnerRole[] = ["member", "pusher", "maker", "shopkeeper", "leader"];

type Draft = {
  name: string;
  role: PartnerRole;
  wechat: string;
  phone: string;
  subUnionId: string;
  joinedOn: string;
  tags: string;
  notes: string;
};

function draftOf(partner: PartnerDetail | null): Draft {
  return {
    name: partner?.name ?? "",
    role: partner?.role ?? "member",
    wechat: partner?.wechat ?? "",
    phone: partner?.phone ?? "",
    subUnionId: partner?.sub_union_id ?? "",
    joinedOn: partner?.joined_on ?? "",
    tags: partner?.tags.join("，") ?? "",
    notes: partner?.notes ?? "",
  };
}

// Add a partner (under `parentId`, or at the top) or edit one whose detail
// was loaded with contacts revealed. The draft stays on screen until the
// store has confirmed the save; a refused field shows its message beside it.
export function PartnerForm({
  partner,
  parentId,
  onSaved,
  onClose,
}: {
  partner: PartnerDetail | null;
  parentId?: number | null;
  onSaved: (id: number) => void;
  onClose: () => void;
}) {
  const { t, tm } = useI18n();
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(partner));
  // A refused save keeps the draft; a saved one refreshes the team's lists.
  const save = useMutation({
    mutationFn: async (input: PartnerInput) => {
      if (!partner) return api.createPartner(input, parentId ?? null);
      await api.updatePartner(partner.id, input);
      return partner.id;
    },
    onSuccess: async (id) => {
      await invalidate(keys.team.all, keys.care.all);
      onSaved(id);
    },
  });
  const error = save.error;
  const saving = save.isPending;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const fieldError = (field: string) => (isAppError(error) && error.field === field ? tm(errorMessage(error)) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      name: draft.name,
      role: draft.role,
      wechat: draft.wechat,
      phone: draft.phone,
      sub_union_id: draft.subUnionId,
      joined_on: draft.joinedOn,
      tags: parseTags(draft.tags),
      notes: draft.notes,
    });
  };

  const text = (
    field: string,
    key: keyof Draft,
    label: string,
    extra: { type?: string; maxLength?: number; autoFocus?: boolean } = {},
  ) => (
    <Field label={label} error={fieldError(field)}>
      <input
        name={field}
        value={draft[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        aria-invalid={fieldError(field) !== null}
        {...extra}
      />
    </Field>
  );

  return (
    <form
      className="form"
      onSubmit={submit}
      data-testid="partner-form"
      aria-label={partner ? t("partnerForm.editTitle", { name: partner.name }) : t("partnerForm.newTitle")}
    >
      <h4 className="wide">
        {partner ? t("partnerForm.editTitle", { name: partner.name }) : t("partnerForm.newTitle")}
      </h4>
      {text("name", "name", t("partnerForm.name"), { maxLength: 60, autoFocus: true })}
      <label>
        {t("partnerForm.role")}
        <select name="role" value={draft.role} onChange={(e) => set({ role: e.target.value as PartnerRole })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {text("wechat", "wechat", t("team.wechat"), { maxLength: 40 })}
      {text("phone", "phone", t("partner.phone"), { maxLength: 20 })}
      {text("sub_union_id", "subUnionId", t("team.subUnionId"), { maxLength: 80 })}
      {text("joined_on", "joinedOn", t("team.joined"), { type: "date" })}
      <Field label={t("groupForm.tags")} error={fieldError("tags")} wide>
        <input
          name="tags"
          value={draft.tags}
          onChange={(e) => set({ tags: e.target.value })}
          placeholder={t("groupForm.tagsHint")}
          aria-invalid={fieldError("tags") !== null}
        />
      </Field>
      <Field label={t("groupForm.notes")} error={fieldError("notes")} wide>
        <textarea
          name="notes"
          value={draft.notes}
          onChange={(e) => set({ notes: e.target.value })}
          rows={3}
          aria-invalid={fieldError("notes") !== null}
        />
      </Field>
      {fieldError("parent") && <span className="wide field-error">{fieldError("parent")}</span>}
      {error !== null && !(isAppError(error) && error.field) && (
        <div className="wide">
          <ErrorNotice error={error} />
        </div>
      )}
      <div className="wide inline">
        <button type="submit" className="primary" disabled={saving}>
          {t("groupForm.save")}
        </button>
        <button type="button" onClick={onClose}>
          {t("import.cancel")}
        </button>
      </div>
    </form>
  );
}
