import { useState, type FormEvent } from "react";
import type { AccountForm } from "../../bindings/AccountForm";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { useConnectAccount, useTestConnection } from "./queries";

const JD_GATEWAY = "https://api.jd.com/routerjson";

// Her platform account: tested, then connected, which opens her own store.
export function AccountSection({
  connected,
  appKey,
  onConnected,
}: {
  connected: boolean;
  appKey: string | null;
  onConnected: () => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(!connected);
  const [form, setForm] = useState<AccountForm>({ gateway: JD_GATEWAY, app_key: "", app_secret: "" });
  const set = (patch: Partial<AccountForm>) => setForm((f) => ({ ...f, ...patch }));
  const test = useTestConnection();
  const connect = useConnectAccount(() => {
    setForm((f) => ({ ...f, app_secret: "" }));
    setEditing(false);
  }, onConnected);
  const { fieldError, formError } = useFormErrors(connect.error ?? test.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    test.reset();
    connect.mutate(form);
  };

  return (
    <section className="editor" aria-labelledby="account-title" data-testid="account-settings">
      <h3 id="account-title">{t("account.title")}</h3>
      {connected && !editing && (
        <p>
          {t("account.connectedAs", { appKey: appKey ?? "" })}{" "}
          <button type="button" onClick={() => setEditing(true)}>
            {t("account.change")}
          </button>
        </p>
      )}
      {editing && (
        <form className="form" onSubmit={submit} aria-label={t("account.title")}>
          <p className="muted wide">{t("account.hint")}</p>
          <Field label="App Key" error={fieldError("app_key")}>
            <input
              value={form.app_key}
              onChange={(e) => set({ app_key: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              required
              data-testid="app-key"
            />
          </Field>
          <Field label="App Secret" error={fieldError("app_secret")}>
            <input
              type="password"
              value={form.app_secret}
              onChange={(e) => set({ app_secret: e.target.value })}
              autoComplete="off"
              required
              data-testid="app-secret"
            />
          </Field>
          <details className="wide">
            <summary>{t("account.advanced")}</summary>
            <Field label={t("account.gateway")} error={fieldError("gateway")} wide>
              <input
                value={form.gateway}
                onChange={(e) => set({ gateway: e.target.value })}
                spellCheck={false}
                data-testid="gateway"
              />
            </Field>
          </details>
          <div className="wide inline">
            <button
              type="button"
              onClick={() => {
                connect.reset();
                test.mutate(form);
              }}
              disabled={test.isPending || connect.isPending}
              data-testid="test-connection"
            >
              {test.isPending ? t("account.testing") : t("account.test")}
            </button>
            <button type="submit" className="primary" disabled={connect.isPending} data-testid="connect-account">
              {connect.isPending ? t("account.connecting") : t("account.connect")}
            </button>
            {connected && (
              <button type="button" onClick={() => setEditing(false)}>
                {t("groupForm.close")}
              </button>
            )}
          </div>
          {test.data && (
            <p role="status" className="ok wide" data-testid="connection-ok">
              {t("account.testOk", { positions: test.data.positions })}
            </p>
          )}
          {formError && <ErrorNotice error={formError} />}
        </form>
      )}
    </section>
  );
}
