import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorMessage, isAppError } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { LogAction } from "../../bindings/LogAction";
import type { Material } from "../../bindings/Material";
import type { Message } from "../../bindings/Message";
import type { Post } from "../../bindings/Post";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { copyTextWhenReady } from "../materials/clipboard";
import { CopyFor } from "../materials/CopyFor";
import { KitPreview } from "../materials/KitPreview";

const NOTHING_KNOWN: Values = { group_name: null, nickname: null, link: null };

type Asking = { variables: Variable[]; linkProblem: Message | null };

// One planned post: copy its kit for its group (the group's name and its
// own link filled, what cannot be known asked for; the whole text in one
// step, a kit's pictures then one by one in its preview), then say what
// happened: 已发, 跳过 with a reason, or 稍后; a logged post can be taken back.
export function PostRow({ post }: { post: Post }) {
  const { t, tm } = useI18n();
  const invalidate = useInvalidate();
  const [copied, setCopied] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [preview, setPreview] = useState<{ material: Material; texts: string[] } | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [moving, setMoving] = useState(false);
  const [moveTo, setMoveTo] = useState({ day: post.day ?? "", time: post.due });
  const [reason, setReason] = useState("");
  const target: LinkTarget = { kind: "group", id: post.group_id };
  const waiting = post.status === "due" || post.status === "later";

  const copy = useMutation({
    mutationFn: async (values: Values) => {
      if (post.material_id === null) return;
      const material = post.material_id;
      const filled = api.fillMaterial(material, target, values);
      const text = filled.then((results) => {
        if (results.some((r) => r.filled.outcome === "needs")) throw new Error("the copy needs answers first");
        return results.map((r) => (r.filled.outcome === "ready" ? r.filled.text : "")).join("\n\n");
      });
      const written = copyTextWhenReady(text);
      const results = await filled;
      const needs = [...new Set(results.flatMap((r) => (r.filled.outcome === "needs" ? r.filled.variables : [])))];
      if (needs.length > 0) {
        written.catch(() => {});
        setAsking({ variables: needs, linkProblem: results.find((r) => r.link_problem)?.link_problem ?? null });
        return;
      }
      await written;
      setAsking(null);
      setCopied(await text);
      await api.recordMaterialUse(material);
      const kit = await api.getMaterial(material);
      const texts = results.map((r) => (r.filled.outcome === "ready" ? r.filled.text : ""));
      if (kit.parts.some((p) => p.kind === "image" || p.kind === "poster")) setPreview({ material: kit, texts });
    },
  });
  const log = useMutation({
    mutationFn: (action: LogAction) => api.logPost(post.id, action),
    onSuccess: async () => {
      setSkipping(false);
      await invalidate(keys.posting.all, keys.groups.all);
    },
  });
  const undo = useMutation({
    mutationFn: () => api.undoPost(post.id),
    onSuccess: () => invalidate(keys.posting.all, keys.groups.all),
  });
  // Only this occurrence moves; its plan stays as it is.
  const move = useMutation({
    mutationFn: () => api.changePost(post.id, { ...moveTo, material_id: post.material_id }),
    onSuccess: async () => {
      setMoving(false);
      await invalidate(keys.posting.all);
    },
  });
  const moveError = (field: string) =>
    isAppError(move.error) && move.error.field === field ? tm(errorMessage(move.error)) : null;
  const skip = (event: FormEvent) => {
    event.preventDefault();
    log.mutate({ action: "skipped", reason });
  };
  const reasonError = isAppError(log.error) && log.error.field === "reason" ? tm(errorMessage(log.error)) : null;
  const failed =
    copy.error ??
    (reasonError ? null : log.error) ??
    undo.error ??
    (moveError("day") || moveError("time") ? null : move.error);

  return (
    <li
      className={post.due_now ? "post post-due" : "post"}
      data-testid="post"
      data-id={post.id}
      data-group={post.group_name}
      data-status={post.status}
    >
      <div className="post-head">
        <strong className="post-time">{post.due}</strong>
        <span className="post-group">{post.group_name}</span>
        <span className="muted">
          {post.plan_title}
          {post.material_title ? ` · ${post.material_title}` : ""}
        </span>
        {post.due_now && <span className="tag tag-warn">{t("posting.dueNow")}</span>}
        {post.status === "later" && <span className="tag">{t("posting.status.later")}</span>}
        {post.status === "posted" && (
          <span className="tag tag-ok" data-testid="post-logged">
            {post.late ? t("posting.postedLate") : t("posting.status.posted")}
          </span>
        )}
        {post.status === "skipped" && (
          <span className="tag tag-soft" data-testid="post-logged">
            {t("posting.skippedBecause", { reason: post.reason ?? "" })}
          </span>
        )}
      </div>
      {post.problem && waiting && <p className="muted">{tm(post.problem)}</p>}
      {waiting ? (
        <div className="inline">
          {post.material_id !== null && !post.material_archived && (
            <button
              type="button"
              className="primary"
              onClick={() => copy.mutate(NOTHING_KNOWN)}
              disabled={copy.isPending}
              data-testid="post-copy"
            >
              {copied !== null ? t("posting.copied") : t("posting.copy")}
            </button>
          )}
          <button type="button" onClick={() => log.mutate({ action: "posted" })} disabled={log.isPending}>
            {t("posting.markPosted")}
          </button>
          <button type="button" onClick={() => setSkipping((s) => !s)} aria-expanded={skipping}>
            {t("posting.skip")}
          </button>
          <button type="button" onClick={() => log.mutate({ action: "later" })} disabled={log.isPending}>
            {t("posting.later")}
          </button>
          <button type="button" className="link" onClick={() => setMoving((m) => !m)} aria-expanded={moving}>
            {t("posting.move")}
          </button>
        </div>
      ) : (
        <div className="inline">
          <button type="button" className="link" onClick={() => undo.mutate()} disabled={undo.isPending}>
            {t("posting.undo")}
          </button>
        </div>
      )}
      {skipping && (
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
          <button type="submit" disabled={log.isPending}>
            {t("posting.confirmSkip")}
          </button>
          {reasonError && <span className="field-error">{reasonError}</span>}
        </form>
      )}
      {copied !== null && (
        <pre className="post-copied" data-testid="post-copied-text" aria-label={t("posting.copiedText")}>
          {copied}
        </pre>
      )}
      {moving && (
        <form
          className="inline"
          aria-label={t("posting.move")}
          onSubmit={(event) => {
            event.preventDefault();
            move.mutate();
          }}
        >
          <label>
            {t("posting.moveDay")}
            <input type="date" value={moveTo.day} onChange={(e) => setMoveTo((m) => ({ ...m, day: e.target.value }))} />
          </label>
          <label>
            {t("posting.moveTime")}
            <input
              type="time"
              value={moveTo.time}
              onChange={(e) => setMoveTo((m) => ({ ...m, time: e.target.value }))}
            />
          </label>
          <button type="submit" disabled={move.isPending}>
            {t("posting.moveSave")}
          </button>
          {(moveError("day") ?? moveError("time")) && (
            <span className="field-error">{moveError("day") ?? moveError("time")}</span>
          )}
        </form>
      )}
      {asking && (
        <CopyFor
          variables={asking.variables}
          linkProblem={asking.linkProblem}
          target={target}
          copying={copy.isPending}
          onCopy={(_chosen, values) => copy.mutate(values)}
          onCancel={() => setAsking(null)}
        />
      )}
      {preview && (
        <KitPreview
          material={preview.material}
          texts={preview.texts}
          target={target}
          onCopied={() => {}}
          onClose={() => setPreview(null)}
        />
      )}
      {failed && <ErrorNotice error={failed} />}
    </li>
  );
}
