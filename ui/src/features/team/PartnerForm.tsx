import { useState, type FormEvent } from "react";
import type { PartnerDetail } from "../../bindings/PartnerDetail";
import type { PartnerRole } from "../../bindings/PartnerRole";
import { parseTags } from "../../format";
import { useI18n } from "../../i18n";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { useSavePartner } from "./queries";
import { Select } from "../../components/Select";
import { TagsField } from "../../components/TagsField";
import { NAME_CHARS } from "../../bindings/limits";

const ROLES: PartnerRole[] = ["member", "pusher", "maker", "shopkeeper", "leader"];

type Draft = {
  name: string;
  role: PartnerRole;
  wechat: string;
  phone: string;
  subUnionId: string;
  pddUid: string;
  taobaoId: string;
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
    pddUid: partner?.pdd_uid ?? "",
    taobaoId: partner?.taobao_id ?? "",
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
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(partner));
  // A refused save keeps the draft; a saved one refreshes the team's lists.
  const save = useSavePartner(partner, parentId ?? null, onSaved);
  const { fieldError, formError } = useFormErrors(save.error);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      name: draft.name,
      role: draft.role,
      wechat: draft.wechat,
      phone: draft.phone,
      sub_union_id: draft.subUnionId,
      pdd_uid: draft.pddUid,
      taobao_id: draft.taobaoId,
      joined_on: draft.joinedOn,
      tags: parseTags(draft.tags),
      notes: draft.notes,
    });
  };

  const text = (
    field: string,
    key: keyof Draft,
    label: string,
    extra: { type?: string; maxLength?: number; autoFocus?: boolean; title?: string } = {},
  ) => (
    <Field label={label} error={fieldError(field)}>
      <input name={field} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} {...extra} />
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
      {text("name", "name", t("partnerForm.name"), { maxLength: NAME_CHARS, autoFocus: true })}
      <label>
        {t("partnerForm.role")}
        <Select
          name="role"
          value={draft.role}
          choices={ROLES}
          word={(r) => t(`role.${r}`)}
          onChoose={(role) => set({ role })}
        />
      </label>
      {text("wechat", "wechat", t("team.wechat"), { maxLength: 40 })}
      {text("phone", "phone", t("partner.phone"), { maxLength: 20 })}
      {text("sub_union_id", "subUnionId", t("team.subUnionId"), { maxLength: 80 })}
      {text("pdd_uid", "pddUid", t("team.pddUid"), { maxLength: 256, title: t("team.pddUid.hint") })}
      {text("taobao_id", "taobaoId", t("team.taobaoId"), { maxLength: 20, title: t("team.taobaoId.hint") })}
      {text("joined_on", "joinedOn", t("team.joined"), { type: "date" })}
      <TagsField
        label={t("groupForm.tags")}
        value={draft.tags}
        onChange={(tags) => set({ tags })}
        error={fieldError("tags")}
        wide
      />
      <Field label={t("groupForm.notes")} error={fieldError("notes")} wide>
        <textarea name="notes" value={draft.notes} onChange={(e) => set({ notes: e.target.value })} rows={3} />
      </Field>
      {fieldError("parent") && <span className="wide field-error">{fieldError("parent")}</span>}
      <FormActions disabled={save.isPending} onCancel={onClose} error={formError} />
    </form>
  );
}
