import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { ExportEverything } from "../files/ExportEverything";
import { AccountSection } from "./AccountSection";
import { useAppInfo } from "./queries";
import { BackupSection, StoreSection } from "./StoreSections";
import { SyncSection } from "./SyncSection";

// 设置: her platform account, which store is open, how often to sync,
// notifications and language, each saved on its own.
export function SettingsPage({ onConnected }: { onConnected: () => void }) {
  const { t } = useI18n();
  const info = useAppInfo();
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">{t("nav.settings")}</h2>
      {info.isError && <ErrorNotice error={info.error} onRetry={() => void info.refetch()} />}
      {info.data && (
        <>
          {/* A new section for each store: back in the demo, the form to connect shows again. */}
          {info.data.accounts.map((account) => (
            <AccountSection
              key={`${info.data.store}-${account.platform}`}
              platform={account.platform}
              appKey={account.app_key}
              onConnected={onConnected}
            />
          ))}
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
