import { useState, type FormEvent } from "react";
import type { Post } from "../../bindings/Post";
import { useI18n } from "../../i18n";

// Skipping a post: the reason she gives, kept with it.
export function SkipForm({
  pending,
  error,
  onSkip,
}: {
  pending: boolean;
  error: string | null;
  onSkip: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const skip = (event: FormEvent) => {
    event.preventDefault();
    onSkip(reason);
  };
  return (
    <form className="inline" onSubmit={skip} aria-label={t("posting.skip")}>
      <label>
        {t("posting.reason")}
        <input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          placeholder={t("posting.reasonHint")}
          autoFocus
        />
      </label>
      <button type="submit" disabled={pending}>
        {t("posting.confirmSkip")}
      </button>
      {error && <span className="field-error">{error}</span>}
    </form>
  );
}

// Moving one occurrence to another day or time.
export function MoveForm({
  post,
  pending,
  error,
  onMove,
}: {
  post: Post;
  pending: boolean;
  error: string | null;
  onMove: (to: { day: string; time: string }) => void;
}) {
  const { t } = useI18n();
  const [moveTo, setMoveTo] = useState({ day: post.day ?? "", time: post.due });
  return (
    <form
      className="inline"
      aria-label={t("posting.move")}
      onSubmit={(event) => {
        event.preventDefault();
        onMove(moveTo);
      }}
    >
      <label>
        {t("posting.moveDay")}
        <input type="date" value={moveTo.day} onChange={(e) => setMoveTo((m) => ({ ...m, day: e.target.value }))} />
      </label>
      <label>
        {t("posting.moveTime")}
        <input type="time" value={moveTo.time} onChange={(e) => setMoveTo((m) => ({ ...m, time: e.target.value }))} />
      </label>
      <button type="submit" disabled={pending}>
        {t("posting.moveSave")}
      </button>
      {error && <span className="field-error">{error}</span>}
    </form>
  );
}
