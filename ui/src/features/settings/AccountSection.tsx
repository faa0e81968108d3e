import { useState, type FormEvent } from "react";
import type { AccountForm } from "../../bindings/AccountForm";
import type { Platform } from "../../bindings/Platform";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { useFormErrors } from "../../components/useFormErrors";
import { useI18n } from "../../i18n";
import { useConnectAccount, useTestConnection } from "./queries";

// Each platform's own gateway; 高级 offers another (tests point it at a sandbox).
const GATEWAYS: Record<Platform, string> = {
  jd: "https://api.jd.com/routerjson",
  pdd: "https://gw-api.pinduoduo.com/api/router",
  taobao: "https://eco.taobao.com/router/rest",
};

// What each platform calls the key (多多进宝: client_id).
const KEY_LABELS: Record<Platform, string> = { jd: "App Key", pdd: "Client ID", taobao: "App Key" };
const SECRET_LABELS: Record<Platform, string> = { jd: "App Secret", pdd: "Client Secret", taobao: "App Secret" };
const TITLES = { jd: "account.title.jd", pdd: "account.title.pdd", taobao: "account.title.taobao" } as const;
const HINTS = { jd: "account.hint.jd", pdd: "account.hint.pdd", taobao: "account.hint.taobao" } as const;

// Her account on one platform: tested, then connected, which opens her own store.
export function AccountSection({
  platform,
  appKey,
  onConnected,
}: {
  platform: Platform;
  appKey: string | null;
  onConnected: () => void;
}) {
  const { t, tm } = useI18n();
  const connected = appKey !== null;
  const [editing, setEditing] = useState(!connected);
  const [form, setForm] = useState<AccountForm>({
    platform,
    gateway: GATEWAYS[platform],
    app_key: "",
    app_secret: "",
  });
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
    <section
      className="editor"
      aria-labelledby={`account-title-${platform}`}
      data-testid={platform === "jd" ? "account-settings" : `account-settings-${platform}`}
    >
      <h3 id={`account-title-${platform}`}>{t(TITLES[platform])}</h3>
      {connected && !editing && (
        <p>
          {t("account.connectedAs", { appKey: appKey ?? "" })}{" "}
          <button type="button" onClick={() => setEditing(true)}>
            {t("account.change")}
          </button>
        </p>
      )}
      {editing && (
        <form className="form" onSubmit={submit} aria-label={t(TITLES[platform])}>
          <p className="muted wide">{t(HINTS[platform])}</p>
          <Field label={KEY_LABELS[platform]} error={fieldError("app_key")}>
            <input
              value={form.app_key}
              onChange={(e) => set({ app_key: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              required
              data-testid="app-key"
            />
          </Field>
          <Field label={SECRET_LABELS[platform]} error={fieldError("app_secret")}>
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
              {tm(test.data.found)}
            </p>
          )}
          {formError && <ErrorNotice error={formError} />}
        </form>
      )}
    </section>
  );
}
