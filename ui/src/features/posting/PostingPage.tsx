import { useState } from "react";
import { useI18n } from "../../i18n";
import { PlansPanel } from "./PlansPanel";
import { PostLog } from "./PostLog";
import { PostQueue } from "./PostQueue";
import { Tabs } from "../../components/Tabs";

type Tab = "today" | "plans" | "log";
const TABS: Tab[] = ["today", "plans", "log"];

// 发帖: today's queue, the plans behind it, and the log with results.
// WeChat is never touched: she posts by hand, the app prepares and remembers.
export function PostingPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("today");
  return (
    <section aria-labelledby="posting-title">
      <h2 id="posting-title">{t("nav.posting")}</h2>
      <p className="muted">{t("posting.intro")}</p>
      <Tabs
        tabs={TABS}
        current={tab}
        onChoose={setTab}
        word={(id) => t(`posting.tab.${id}`)}
        label={t("posting.views")}
      />
      {tab === "today" && <PostQueue onOpen={() => setTab("plans")} />}
      {tab === "plans" && <PlansPanel />}
      {tab === "log" && <PostLog />}
    </section>
  );
}
