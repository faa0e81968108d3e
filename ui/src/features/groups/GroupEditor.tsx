import { useState, type FormEvent } from "react";
import { api, errorMessage, isAppError } from "../../api";
import type { GroupDetail } from "../../bindings/GroupDetail";
import type { GroupKind } from "../../bindings/GroupKind";
import type { PositionChoice } from "../../bindings/PositionChoice";
import { parseTags } from "../../format";
import { useI18n } from "../../i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { GroupInput } from "../../bindings/GroupInput";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { MemberSparkline } from "./MemberSparkline";
import { OwnerPicker, type Owner } from "./OwnerPicker";
import { TemperatureChecklist } from "./TemperatureChecklist";
import { GroupHours } from "./GroupHours";

const KINDS: GroupKind[] = ["sales", "training", "deals", "other"];

type Draft = {
  name: string;
  kind: GroupKind;
  positionId: string;
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
    owner: group?.owner_partner_id != null ? { id: group.owner_partner_id, name: group.owner_name ?? "" } : null,
    tags: group?.tags.join("，") ?? "",
    notes: group?.notes ?? "",
    createdOn: group?.wechat_created_on ?? "",
  };
}

// Create or edit one group. The draft stays on screen until the store has
// confirmed the save; a refused field shows its message beside it.
export function GroupEditor({ group, onClose }: { group: GroupDetail | null; onClose: () => void }) {
  const { t, tm } = useI18n();
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(group));
  const positions = useQuery({ queryKey: keys.groups.positions(), queryFn: api.positionChoices });
  // Positions created from this form show at once, named, without waiting
  // for the platform's list to be read again.
  const [created, setCreated] = useState<PositionChoice[]>([]);
  const [newPosition, setNewPosition] = useState("");
  const [members, setMembers] = useState("");
  const [current, setCurrent] = useState<GroupDetail | null>(group);

  // A saved group changes the lists, the dashboard's names and today's list.
  const save = useMutation({
    mutationFn: (input: GroupInput) => (current ? api.updateGroup(current.id, input) : api.createGroup(input)),
    onSuccess: async (saved) => {
      setCurrent(saved);
      await invalidate(keys.groups.all, keys.care.all, keys.earnings.all);
    },
  });
  const newPositionOnPlatform = useMutation({
    mutationFn: () => api.createPosition(newPosition || draft.name),
    onSuccess: (position) => {
      setCreated((before) => [...before, position]);
      set({ positionId: String(position.id) });
      setNewPosition("");
    },
  });
  const memberCount = useMutation({
    mutationFn: (id: number) => api.recordGroupMembers(id, Number(members)),
    onSuccess: async (saved) => {
      setCurrent(saved);
      setMembers("");
      await invalidate(keys.groups.all);
    },
  });
  const error = save.error ?? memberCount.error;
  const saving = save.isPending;
  const positionError = newPositionOnPlatform.error;

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const fieldError = (field: string) => (isAppError(error) && error.field === field ? tm(errorMessage(error)) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    memberCount.reset();
    save.mutate({
      name: draft.name,
      kind: draft.kind,
      position_id: draft.positionId === "" ? null : Number(draft.positionId),
      owner_partner_id: draft.owner?.id ?? null,
      tags: parseTags(draft.tags),
      notes: draft.notes,
      wechat_created_on: draft.createdOn === "" ? null : draft.createdOn,
    });
  };

  const createPosition = () => newPositionOnPlatform.mutate();

  const recordMembers = () => {
    if (!current) return;
    save.reset();
    memberCount.mutate(current.id);
  };

  const listed = positions.data ?? [];
  const choices = [...listed, ...created.filter((c) => !listed.some((p) => p.id === c.id))];

  const positionLabel = (p: PositionChoice) =>
    p.bound_to && p.id !== current?.position_id
      ? `${p.name}（${p.id}，${t("groupForm.boundTo", { name: p.bound_to })}）`
      : `${p.name}（${p.id}）`;

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
            maxLength={60}
            required
            autoFocus
            aria-invalid={fieldError("name") !== null}
          />
        </Field>
        <label>
          {t("groups.kind")}
          <select name="kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as GroupKind })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <Field label={t("groups.position")} error={fieldError("position_id")} wide>
          <select
            name="position"
            value={draft.positionId}
            onChange={(e) => set({ positionId: e.target.value })}
            aria-invalid={fieldError("position_id") !== null}
          >
            <option value="">{t("groupForm.noPosition")}</option>
            {draft.positionId !== "" && !choices.some((p) => String(p.id) === draft.positionId) && (
              <option value={draft.positionId}>{draft.positionId}</option>
            )}
            {choices.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {positionLabel(p)}
              </option>
            ))}
          </select>
        </Field>
        {positions.isError && (
          <div className="wide">
            <ErrorNotice error={positions.error} onRetry={() => void positions.refetch()} />
          </div>
        )}
        <div className="wide inline">
          <input
            name="new-position"
            value={newPosition}
            onChange={(e) => setNewPosition(e.target.value)}
            maxLength={30}
            placeholder={t("groupForm.newPositionPlaceholder")}
            aria-label={t("groupForm.newPositionPlaceholder")}
          />
          <button type="button" onClick={createPosition} data-testid="create-position">
            {t("groupForm.createPosition")}
          </button>
        </div>
        {positionError && (
          <div className="wide">
            <ErrorNotice error={positionError} />
          </div>
        )}
        <OwnerPicker owner={draft.owner} onOwner={(owner) => set({ owner })} />
        {fieldError("owner_partner_id") && <span className="wide field-error">{fieldError("owner_partner_id")}</span>}
        <Field label={t("groupForm.tags")} error={fieldError("tags")}>
          <input
            name="tags"
            value={draft.tags}
            onChange={(e) => set({ tags: e.target.value })}
            placeholder={t("groupForm.tagsHint")}
            aria-invalid={fieldError("tags") !== null}
          />
        </Field>
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
            aria-invalid={fieldError("wechat_created_on") !== null}
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
        <div className="wide inline">
          <button type="submit" className="primary" disabled={saving}>
            {t("groupForm.save")}
          </button>
          <button type="button" onClick={onClose}>
            {t("groupForm.close")}
          </button>
        </div>
      </form>
      {error && !(isAppError(error) && error.field) && <ErrorNotice error={error} />}
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
