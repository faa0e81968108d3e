import { useState } from "react";
import type { PositionChoice } from "../../bindings/PositionChoice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { useI18n } from "../../i18n";
import { useCreatePosition, usePositions } from "./queries";
import { POSITION_NAME_CHARS } from "../../bindings/limits";

// The group's promotion position: one of the platform's, or a new one made
// on the platform from here (named as typed, or after the group).
export function PositionField({
  value,
  onChange,
  groupName,
  ownPosition,
  error,
}: {
  value: string;
  onChange: (positionId: string) => void;
  groupName: string;
  /** The position the group has now: not shown as bound to another group. */
  ownPosition: number | null;
  error: string | null;
}) {
  const { t } = useI18n();
  const positions = usePositions();
  // Positions created from this form show at once, named, without waiting
  // for the platform's list to be read again.
  const [created, setCreated] = useState<PositionChoice[]>([]);
  const [newPosition, setNewPosition] = useState("");
  const create = useCreatePosition();
  const createPosition = () =>
    create.mutate(newPosition || groupName, {
      onSuccess: (position) => {
        setCreated((before) => [...before, position]);
        onChange(String(position.id));
        setNewPosition("");
      },
    });

  const listed = positions.data ?? [];
  const choices = [...listed, ...created.filter((c) => !listed.some((p) => p.id === c.id))];
  const positionLabel = (p: PositionChoice) =>
    p.bound_to && p.id !== ownPosition
      ? `${p.name}（${p.id}，${t("groupForm.boundTo", { name: p.bound_to })}）`
      : `${p.name}（${p.id}）`;

  return (
    <>
      <Field label={t("groups.position")} error={error} wide>
        <select name="position" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("groupForm.noPosition")}</option>
          {value !== "" && !choices.some((p) => String(p.id) === value) && <option value={value}>{value}</option>}
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
          maxLength={POSITION_NAME_CHARS}
          placeholder={t("groupForm.newPositionPlaceholder")}
          aria-label={t("groupForm.newPositionPlaceholder")}
        />
        <button type="button" onClick={createPosition} data-testid="create-position">
          {t("groupForm.createPosition")}
        </button>
      </div>
      {create.error && (
        <div className="wide">
          <ErrorNotice error={create.error} />
        </div>
      )}
    </>
  );
}
