import { useState } from "react";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Material } from "../../bindings/Material";
import type { Post } from "../../bindings/Post";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { KitPreview } from "../materials/KitPreview";
import { CopyAsk, NOTHING_KNOWN, useCopyFlow } from "../materials/useCopyFlow";
import { MoveForm, SkipForm } from "./PostForms";
import { useLogPost, useMovePost, useRecordPostUse, useUndoPost } from "./queries";
import { LinkButton } from "../../components/LinkButton";

// One planned post: copy its kit for its group (the group's name and its
// own link filled, what cannot be known asked for; the whole text in one
// step, a kit's pictures then one by one in its preview), then say what
// happened: 已发, 跳过 with a reason, or 稍后; a logged post can be taken back.
export function PostRow({ post }: { post: Post }) {
  const { t, tm } = useI18n();
  const [copied, setCopied] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ material: Material; texts: string[] } | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [moving, setMoving] = useState(false);
  const target: LinkTarget = { kind: "group", id: post.group_id };
  const waiting = post.status === "due" || post.status === "later";
  const recordUse = useRecordPostUse();
  const flow = useCopyFlow(post.material_id ?? 0, async ({ texts }) => {
    setCopied(texts.join("\n\n"));
    if (post.material_id === null) return;
    const kit = await recordUse(post.material_id);
    if (kit.parts.some((p) => p.kind === "image" || p.kind === "poster")) setPreview({ material: kit, texts });
  });
  const log = useLogPost(post.id, () => setSkipping(false));
  const undo = useUndoPost(post.id);
  const move = useMovePost(post.id, () => setMoving(false));
  const reason = useFormErrors(log.error, ["reason"]);
  const moveTo = useFormErrors(move.error, ["day", "time"]);
  const failed = flow.error ?? reason.formError ?? undo.error ?? moveTo.formError;

  return (
    <li
      className={post.due_now ? "post post-due" : "post"}
      data-testid="post"
      data-id={post.id}
      data-group={post.group_name}
      data-status={post.status}
    >
      <PostHead post={post} />
      {post.problem && waiting && <p className="muted">{tm(post.problem)}</p>}
      {waiting ? (
        <div className="inline">
          {post.material_id !== null && !post.material_archived && (
            <button
              type="button"
              className="primary"
              onClick={() => flow.copy(target, NOTHING_KNOWN, true)}
              disabled={flow.pending}
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
          <LinkButton onClick={() => setMoving((m) => !m)} aria-expanded={moving}>
            {t("posting.move")}
          </LinkButton>
        </div>
      ) : (
        <div className="inline">
          <LinkButton onClick={() => undo.mutate()} disabled={undo.isPending}>
            {t("posting.undo")}
          </LinkButton>
        </div>
      )}
      {skipping && (
        <SkipForm
          pending={log.isPending}
          error={reason.fieldError("reason")}
          onSkip={(why) => log.mutate({ action: "skipped", reason: why })}
        />
      )}
      {copied !== null && (
        <pre className="post-copied" data-testid="post-copied-text" aria-label={t("posting.copiedText")}>
          {copied}
        </pre>
      )}
      {moving && (
        <MoveForm
          post={post}
          pending={move.isPending}
          error={moveTo.fieldError("day") ?? moveTo.fieldError("time")}
          onMove={(to) => move.mutate({ ...to, material_id: post.material_id })}
        />
      )}
      <CopyAsk flow={flow} straight fixed={target} />
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

// When, where, which plan and kit, and what became of it.
function PostHead({ post }: { post: Post }) {
  const { t } = useI18n();
  return (
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
  );
}
