import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorMessage, isAppError } from "../../api";
import { keys } from "../../api/keys";
import type { AccountForm } from "../../bindings/AccountForm";
import type { StoreKind } from "../../bindings/StoreKind";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { useI18n } from "../../i18n";
import { ExportEverything } from "../files/ExportEverything";
import { useSaveSettings, useSettings } from "./queries";

const JD_GATEWAY = "https://api.jd.com/routerjson";

// 设置: her platform account, which store is open, how often to sync,
// notifications and language, each saved on its own.
export function SettingsPage({ onConnected }: { onConnected: () => void }) {
  const { t } = useI18n();
  const info = useQuery({ queryKey: keys.app, queryFn: api.appInfo });
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">{t("nav.settings")}</h2>
      {info.isError && <ErrorNotice error={info.error} onRetry={() => void info.refetch()} />}
      {info.data && (
        <>
          <AccountSection connected={info.data.connected} appKey={info.data.app_key} onConnected={onConnected} />
          <StoreSection store={info.data.store} connected={info.data.connected} dataDir={info.data.data_dir} />
        </>
      )}
      <BackupSection />
      <ExportEverything />
      <SyncSection />
      <LanguageSection />
    </section>
  );
}

// Connecting opens her own store: every cached figure belonged to the other one.
function useSwitchedStore() {
  const client = useQueryClient();
  return async () => {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.app[0] });
    await client.invalidateQueries();
  };
}

function AccountSection({
  connected,
  appKey,
  onConnected,
}: {
  connected: boolean;
  appKey: string | null;
  onConnected: () => void;
}) {
  const { t, tm } = useI18n();
  const switched = useSwitchedStore();
  const [editing, setEditing] = useState(!connected);
  const [form, setForm] = useState<AccountForm>({ gateway: JD_GATEWAY, app_key: "", app_secret: "" });
  const set = (patch: Partial<AccountForm>) => setForm((f) => ({ ...f, ...patch }));
  const test = useMutation({ mutationFn: () => api.testConnection(form) });
  // The secret is write-only: cleared from the form once the keyring has it.
  const connect = useMutation({
    mutationFn: () => api.connectAccount(form),
    onSuccess: async () => {
      setForm((f) => ({ ...f, app_secret: "" }));
      setEditing(false);
      await switched();
      onConnected();
    },
  });
  const error = connect.error ?? test.error;
  const fieldError = (field: string) => (isAppError(error) && error.field === field ? tm(errorMessage(error)) : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    test.reset();
    connect.mutate();
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
              aria-invalid={fieldError("app_key") !== null}
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
              aria-invalid={fieldError("app_secret") !== null}
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
                aria-invalid={fieldError("gateway") !== null}
                data-testid="gateway"
              />
            </Field>
          </details>
          <div className="wide inline">
            <button
              type="button"
              onClick={() => {
                connect.reset();
                test.mutate();
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
          {error && !(isAppError(error) && error.field) && <ErrorNotice error={error} />}
        </form>
      )}
    </section>
  );
}

function StoreSection({ store, connected, dataDir }: { store: "mine" | "demo"; connected: boolean; dataDir: string }) {
  const { t } = useI18n();
  const switched = useSwitchedStore();
  const open = useMutation({ mutationFn: (store: StoreKind) => api.openStore(store), onSuccess: switched });
  const folder = useMutation({ mutationFn: api.openDataFolder });
  const other = store === "demo" ? "mine" : "demo";
  return (
    <section className="editor" aria-labelledby="store-title">
      <h3 id="store-title">{t("store.title")}</h3>
      <p data-testid="store-open">
        {t("store.open", { store: t(`store.${store}`) })}{" "}
        {(other === "demo" || connected) && (
          <button type="button" onClick={() => open.mutate(other)} disabled={open.isPending} data-testid="switch-store">
            {t("store.switchTo", { store: t(`store.${other}`) })}
          </button>
        )}
      </p>
      {other === "mine" && !connected && <p className="muted">{t("store.connectFirst")}</p>}
      <p className="muted">
        {t("store.folder", { path: dataDir })}{" "}
        <button type="button" onClick={() => folder.mutate()} disabled={folder.isPending}>
          {t("store.openFolder")}
        </button>
      </p>
      {(open.isError || folder.isError) && <ErrorNotice error={open.error ?? folder.error} />}
    </section>
  );
}

// Copies of the open store: taken daily while the app runs; a restore
// asks first, then the app reopens with the copy in place.
function BackupSection() {
  const { t } = useI18n();
  const client = useQueryClient();
  const list = useQuery({ queryKey: keys.backups, queryFn: api.listBackups });
  const now = useMutation({
    mutationFn: api.backupNow,
    onSuccess: (backups) => client.setQueryData(keys.backups, backups),
  });
  const [confirming, setConfirming] = useState<string | null>(null);
  const restore = useMutation({ mutationFn: (id: string) => api.restoreBackup(id) });
  const chosen = list.data?.find((b) => b.id === confirming);
  return (
    <section className="editor" aria-labelledby="backups-title" data-testid="backups">
      <h3 id="backups-title">{t("backup.title")}</h3>
      <p className="muted">{t("backup.rule")}</p>
      <button type="button" onClick={() => now.mutate()} disabled={now.isPending} data-testid="backup-now">
        {now.isPending ? t("backup.taking") : t("backup.now")}
      </button>
      {list.data?.length === 0 && <p className="empty">{t("backup.none")}</p>}
      {list.data && list.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("backup.takenAt")}</th>
              <th scope="col">{t("backup.reasonTitle")}</th>
              <th scope="col" className="num">
                {t("team.title")}
              </th>
              <th scope="col" className="num">
                {t("groups.title")}
              </th>
              <th scope="col" className="num">
                {t("backup.orderRows")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("groups.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => (
              <tr key={b.id}>
                <td>{b.taken_at}</td>
                <td>{t(`backup.reason.${b.reason}`)}</td>
                <td className="num">{b.partners.toLocaleString("en-US")}</td>
                <td className="num">{b.groups.toLocaleString("en-US")}</td>
                <td className="num">{b.order_rows.toLocaleString("en-US")}</td>
                <td>
                  <button type="button" onClick={() => setConfirming(b.id)}>
                    {t("backup.restore")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <div className="notice" role="alertdialog" aria-label={t("backup.confirmTitle")}>
          <p>
            {t("backup.confirm", {
              taken: chosen.taken_at,
              partners: chosen.partners,
              groups: chosen.groups,
              rows: chosen.order_rows,
            })}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => restore.mutate(chosen.id)}
            disabled={restore.isPending}
          >
            {t("backup.restoreConfirm")}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t("groupForm.close")}
          </button>
        </div>
      )}
      {(list.isError || now.isError || restore.isError) && (
        <ErrorNotice error={list.error ?? now.error ?? restore.error} />
      )}
    </section>
  );
}

function SyncSection() {
  const { t } = useI18n();
  const settings = useSettings();
  const save = useSaveSettings();
  const [minutes, setMinutes] = useState<string | null>(null);
  const shown = minutes ?? String(settings.data?.sync_interval_minutes ?? "");
  return (
    <section className="editor" aria-labelledby="sync-settings-title">
      <h3 id="sync-settings-title">{t("settings.syncTitle")}</h3>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ sync_interval_minutes: Number(shown) }, { onSuccess: () => setMinutes(null) });
        }}
      >
        <label className="inline">
          {t("settings.syncInterval")}
          <input
            type="number"
            min={1}
            max={1440}
            value={shown}
            onChange={(e) => setMinutes(e.target.value)}
            required
            disabled={!settings.data}
          />
        </label>
        <button type="submit" disabled={save.isPending || !settings.data}>
          {t("settings.save")}
        </button>
      </form>
      <p className="muted">{t("settings.syncNote")}</p>
      {settings.data && (
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.data.desktop_notifications}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ desktop_notifications: e.target.checked })}
          />
          {t("settings.notifications")}
        </label>
      )}
      {(settings.isError || save.isError) && <ErrorNotice error={settings.error ?? save.error} />}
    </section>
  );
}

function LanguageSection() {
  const { t, lang, setLang } = useI18n();
  return (
    <section className="editor" aria-labelledby="language-title">
      <h3 id="language-title">{t("settings.language")}</h3>
      <label className="inline">
        <input type="radio" name="lang" checked={lang === "zh-CN"} onChange={() => setLang("zh-CN")} />
        中文
      </label>
      <label className="inline">
        <input type="radio" name="lang" checked={lang === "en"} onChange={() => setLang("en")} />
        English
      </label>
    </section>
  );
}
