import { useState, type FormEvent } from "react";
import type { GroupDetail } from "../../bindings/GroupDetail";
import type { GroupKind } from "../../bindings/GroupKind";
import { parseTags } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useFormErrors } from "../../components/useFormErrors";
import { MemberSparkline } from "./MemberSparkline";
import { OwnerPicker, type Owner } from "./OwnerPicker";
import { TemperatureChecklist } from "./TemperatureChecklist";
import { GroupHours } from "./GroupHours";
import { PositionField } from "./PositionField";
import { useRecordMembers, useSaveGroup } from "./queries";
import { Select } from "../../components/Select";
import { TagsField } from "../../components/TagsField";
import { NAME_CHARS } from "../../bindings/limits";

const KINDS: GroupKind[] = ["sales", "training", "deals", "other"];

type Draft = {
  name: string;
  kind: GroupKind;
  positionId: string;
  pddPid: string;
  taobaoAdzoneId: string;
  owner: Owner;
  tags: string;
  notes: string;
  createdOn: string;
};

function draftOf(group: GroupDetail | null): Draft {
  return {
    name: group?.name ?? "",
    kind: group?.kind ?? "sales",
    positionId: group?.position_id != null ? String(group.position_id) : "",
    pddPid: group?.pdd_pid ?? "",
    taobaoAdzoneId: group?.taobao_adzone_id ?? "",
    owner: group?.owner_partner_id != null ? { id: group.owner_partner_id, name: group.owner_name ?? "" } : null,
    tags: group?.tags.join("，") ?? "",
    notes: group?.notes ?? "",
    createdOn: group?.wechat_created_on ?? "",
  };
}

// Create or edit one group. The draft stays on screen until the store has
// confirmed the save; a refused field shows its message beside it.
export function GroupEditor({ group, onClose }: { group: GroupDetail | null; onClose: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(group));
  const [members, setMembers] = useState("");
  const [current, setCurrent] = useState<GroupDetail | null>(group);
  const save = useSaveGroup(current, setCurrent);
  const memberCount = useRecordMembers((saved) => {
    setCurrent(saved);
    setMembers("");
  });
  const { fieldError, formError } = useFormErrors(save.error ?? memberCount.error);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    memberCount.reset();
    save.mutate({
      name: draft.name,
      kind: draft.kind,
      position_id: draft.positionId === "" ? null : Number(draft.positionId),
      pdd_pid: draft.pddPid,
      taobao_adzone_id: draft.taobaoAdzoneId,
      owner_partner_id: draft.owner?.id ?? null,
      tags: parseTags(draft.tags),
      notes: draft.notes,
      wechat_created_on: draft.createdOn === "" ? null : draft.createdOn,
    });
  };

  const recordMembers = () => {
    if (!current) return;
    save.reset();
    memberCount.mutate({ id: current.id, members: Number(members) });
  };

  return (
    <section className="editor" aria-labelledby="group-editor-title" data-testid="group-editor">
      <h3 id="group-editor-title">
        {current ? t("groupForm.editTitle", { name: current.name }) : t("groupForm.newTitle")}
      </h3>
      <form className="form" onSubmit={submit}>
        <Field label={t("groups.name")} error={fieldError("name")}>
          <input
            name="name"
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
            maxLength={NAME_CHARS}
            required
            autoFocus
          />
        </Field>
        <label>
          {t("groups.kind")}
          <Select
            name="kind"
            value={draft.kind}
            choices={KINDS}
            word={(k) => t(`kind.${k}`)}
            onChoose={(kind) => set({ kind })}
          />
        </label>
        <PositionField
          value={draft.positionId}
          onChange={(positionId) => set({ positionId })}
          groupName={draft.name}
          ownPosition={current?.position_id ?? null}
          error={fieldError("position_id")}
        />
        <Field label={t("groups.pddPid")} error={fieldError("pdd_pid")}>
          <input
            name="pdd_pid"
            value={draft.pddPid}
            onChange={(e) => set({ pddPid: e.target.value })}
            maxLength={64}
            placeholder="1000001_2000014"
          />
        </Field>
        <Field label={t("groups.taobaoAdzoneId")} error={fieldError("taobao_adzone_id")}>
          <input
            name="taobao_adzone_id"
            value={draft.taobaoAdzoneId}
            onChange={(e) => set({ taobaoAdzoneId: e.target.value })}
            maxLength={20}
            inputMode="numeric"
          />
        </Field>
        <OwnerPicker owner={draft.owner} onOwner={(owner) => set({ owner })} />
        {fieldError("owner_partner_id") && <span className="wide field-error">{fieldError("owner_partner_id")}</span>}
        <TagsField
          label={t("groupForm.tags")}
          value={draft.tags}
          onChange={(tags) => set({ tags })}
          error={fieldError("tags")}
        />
        <Field
          label={t("groupForm.createdOn")}
          error={
            fieldError("wechat_created_on") ??
            (current?.unreadable.includes("wechat_created_on") ? t("groupForm.createdOnUnreadable") : null)
          }
        >
          <input
            name="created-on"
            type="date"
            value={draft.createdOn}
            onChange={(e) => set({ createdOn: e.target.value })}
          />
        </Field>
        <Field label={t("groupForm.notes")} error={fieldError("notes")} wide>
          <textarea name="notes" value={draft.notes} onChange={(e) => set({ notes: e.target.value })} rows={3} />
        </Field>
        <FormActions disabled={save.isPending} onCancel={onClose} cancelLabel="groupForm.close" />
      </form>
      {formError && <ErrorNotice error={formError} />}
      {current && <TemperatureChecklist groupId={current.id} />}
      {current && <GroupHours groupId={current.id} />}
      {current && (
        <div className="members">
          <h4>{t("groupForm.members")}</h4>
          <MemberSparkline counts={current.members} />
          <div className="inline">
            <input
              name="members"
              type="number"
              min={0}
              max={500}
              value={members}
              onChange={(e) => setMembers(e.target.value)}
              aria-label={t("groupForm.membersToday")}
              placeholder={t("groupForm.membersToday")}
            />
            <button type="button" onClick={recordMembers} disabled={members === ""}>
              {t("groupForm.record")}
            </button>
          </div>
          {fieldError("members") && <span className="field-error">{fieldError("members")}</span>}
        </div>
      )}
    </section>
  );
}
