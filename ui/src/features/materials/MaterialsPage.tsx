import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { MaterialKind } from "../../bindings/MaterialKind";
import { ErrorNotice } from "../../components/ErrorNotice";
import { PagedList } from "../../components/PagedList";
import { useI18n } from "../../i18n";

const KINDS: MaterialKind[] = ["script", "daily_kit", "poster", "course", "campaign"];

export function MaterialsPage() {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<MaterialKind>("script");
  const [body, setBody] = useState("");
  const [copied, setCopied] = useState<number | null>(null);
  // The draft is cleared only after the store confirmed the save.
  const save = useMutation({
    mutationFn: () => api.createMaterial(title, kind, body),
    onSuccess: async () => {
      setTitle("");
      setBody("");
      await invalidate(keys.materials.all);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const copy = async (id: number, text: string) => {
    await navigator.clipboard.writeText(text);
    setCopied(id);
  };

  return (
    <section aria-labelledby="materials-title">
      <h2 id="materials-title">{t("materials.title")}</h2>
      <form className="form" onSubmit={submit} aria-label={t("materials.new")}>
        <label>
          {t("materials.fieldTitle")}
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} required />
        </label>
        <label>
          {t("materials.fieldKind")}
          <select value={kind} onChange={(e) => setKind(e.target.value as MaterialKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`materialKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t("materials.fieldBody")}
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={4} required />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t("materials.save")}
        </button>
      </form>
      {save.isError && <ErrorNotice error={save.error} />}
      <PagedList queryKey={keys.materials.list()} load={api.listMaterials} empty={t("materials.empty")}>
        {(materials) => (
          <ul className="materials">
            {materials.map((m) => (
              <li key={m.id}>
                <div className="material-head">
                  <strong>{m.title}</strong>
                  <span className="tag">{t(`materialKind.${m.kind}`)}</span>
                  <button type="button" onClick={() => void copy(m.id, m.body)}>
                    {copied === m.id ? t("materials.copied") : t("materials.copy")}
                  </button>
                </div>
                <p className="material-body">{m.body}</p>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
