import { useState } from "react";
import { api } from "../../api";
import type { LinkTarget } from "../../bindings/LinkTarget";
import type { Message } from "../../bindings/Message";
import type { Values } from "../../bindings/Values";
import type { Variable } from "../../bindings/Variable";
import { copyTextWhenReady } from "./clipboard";
import { CopyFor } from "./CopyFor";
import { useClipboardCopy } from "./queries";

export const NOTHING_KNOWN: Values = { group_name: null, nickname: null, link: null };

type Asking = { variables: Variable[]; linkProblem: Message | null; target: LinkTarget | null };
type Asked = { target: LinkTarget | null; values: Values; straight: boolean };
type Filled = Awaited<ReturnType<typeof api.fillMaterial>>;

/** What a copy came to: the filled texts (body first), for whom, and whether they are on the clipboard. */
export type Copied = { texts: string[]; target: LinkTarget | null; written: boolean };

export type CopyFlow = ReturnType<typeof useCopyFlow>;

// Copying a material (from the library or for a planned post): the store
// fills what it knows (today, the countdown, the chosen group's name and
// her link for it); what it cannot know is asked for before anything
// reaches the clipboard. With `straight`, the whole text goes to the
// clipboard — the write starts within the click (see copyTextWhenReady) —
// and is dropped if the store asks for answers. `then` carries on once the
// texts are filled.
export function useCopyFlow(materialId: number, then: (copied: Copied) => Promise<void>) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const copy = useClipboardCopy(async ({ target, values, straight }: Asked) => {
    const filled = api.fillMaterial(materialId, target, values);
    const written = straight ? copyTextWhenReady(filled.then(wholeText)) : null;
    const results = await filled;
    const needs = [...new Set(results.flatMap((r) => (r.filled.outcome === "needs" ? r.filled.variables : [])))];
    if (needs.length > 0) {
      written?.catch(() => {});
      setAsking({ variables: needs, linkProblem: results.find((r) => r.link_problem)?.link_problem ?? null, target });
      return;
    }
    setAsking(null);
    if (written) await written;
    const texts = results.map((r) => (r.filled.outcome === "ready" ? r.filled.text : ""));
    await then({ texts, target, written: written !== null });
  });
  return {
    copy: (target: LinkTarget | null, values: Values, straight: boolean) => copy.mutate({ target, values, straight }),
    /** Opens "for whom" before anything is filled. */
    ask: (target: LinkTarget | null) => setAsking({ variables: [], linkProblem: null, target }),
    cancel: () => setAsking(null),
    asking,
    pending: copy.isPending,
    error: copy.error,
  };
}

function wholeText(results: Filled): string {
  if (results.some((r) => r.filled.outcome === "needs")) throw new Error("the copy needs answers first");
  return results.map((r) => (r.filled.outcome === "ready" ? r.filled.text : "")).join("\n\n");
}

// "For whom" while the store asks; `fixed` keeps the copy's target whatever is chosen.
export function CopyAsk({ flow, straight, fixed }: { flow: CopyFlow; straight: boolean; fixed?: LinkTarget }) {
  if (!flow.asking) return null;
  return (
    <CopyFor
      variables={flow.asking.variables}
      linkProblem={flow.asking.linkProblem}
      target={flow.asking.target}
      copying={flow.pending}
      onCopy={(chosen, values) => flow.copy(fixed ?? chosen, values, straight)}
      onCancel={flow.cancel}
    />
  );
}
