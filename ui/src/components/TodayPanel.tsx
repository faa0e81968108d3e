import { useState, type FormEvent } from "react";
import { api } from "../api";
import { formatCount } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { CareForm } from "./CareForm";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";

// 今日待办: onboarding steps due, partners to contact, dormant groups.
export function TodayPanel({ version }: { version: number }) {
  const { t } = useI18n();
  const [changed, setChanged] = useState(0);
  const [tasks, retry] = useLoad(() => api.todayTasks(), [version, changed]);
  const [recording, setRecording] = useState<number | null>(null);
  const [stepError, setStepError] = useState<unknown>(null);
  const refresh = () => setChanged((n) => n + 1);

  if (tasks.state === "loading") return <Loading />;
  if (tasks.state === "failed") return <ErrorNotice error={tasks.error} onRetry={retry} />;
  const today = tasks.value;
  const nothing =
    today.onboarding_total === 0 &&
    today.contact_total === 0 &&
    today.dormant_groups.length === 0 &&
    today.unchecked_total === 0 &&
    today.falling_groups.length === 0;

  const tick = async (partnerId: number, step: (typeof today.onboarding)[number]["step"]) => {
    setStepError(null);
    try {
      await api.setOnboardingStep(partnerId, step, true);
      refresh();
    } catch (e) {
      setStepError(e);
    }
  };

  return (
    <section className="today" aria-labelledby="today-title" data-testid="today">
      <h3 id="today-title">{t("today.title")}</h3>
      {nothing && <p className="empty">{t("today.nothing")}</p>}
      {stepError !== null && <ErrorNotice error={stepError} />}
      {today.onboarding.length > 0 && (
        <>
          <h4>{t("today.onboarding", { n: formatCount(today.onboarding_total) })}</h4>
          <ul className="tasks" data-testid="today-onboarding">
            {today.onboarding.map((d) => (
              <li key={`${d.partner_id}-${d.step}`}>
                <span>
                  {d.name}：{t(`step.${d.step}`)} <span className="muted">{t("today.due", { day: d.due_on })}</span>
                </span>
                <button type="button" onClick={() => void tick(d.partner_id, d.step)}>
                  {t("today.markDone")}
                </button>
              </li>
            ))}
          </ul>
          {today.onboarding_total > today.onboarding.length && (
            <p className="muted">
              {t("today.moreSteps", { n: formatCount(today.onboarding_total - today.onboarding.length) })}
            </p>
          )}
        </>
      )}
      {today.contact_total > 0 && (
        <>
          <h4>{t("today.contact", { n: formatCount(today.contact_total), days: today.care_days })}</h4>
          <ul className="tasks" data-testid="today-contact">
            {today.contact.map((c) => (
              <li key={c.partner_id} data-partner={c.partner_id}>
                <span>
                  <strong>{c.name}</strong>{" "}
                  <span className="muted">
                    {c.last_contact ? t("today.lastContact", { day: c.last_contact }) : t("today.neverContacted")}
                  </span>
                </span>
                {recording === c.partner_id ? (
                  <CareForm
                    partnerId={c.partner_id}
                    compact
                    onSaved={() => {
                      setRecording(null);
                      refresh();
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    onClick={() => setRecording(c.partner_id)}
                    aria-label={t("today.recordFor", { name: c.name })}
                  >
                    {t("today.record")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {today.falling_groups.length > 0 && (
        <>
          <h4>{t("today.falling")}</h4>
          <ul className="tasks" data-testid="today-falling">
            {today.falling_groups.map((g) => (
              <li key={g.group_id}>
                {t("today.fallingLine", {
                  name: g.name,
                  members: g.members,
                  last: g.orders_last_week,
                  usual: g.orders_usual_week.toLocaleString(undefined, { maximumFractionDigits: 1 }),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {today.unchecked_total > 0 && (
        <>
          <h4>{t("today.posts", { n: formatCount(today.unchecked_total) })}</h4>
          <ul className="tasks" data-testid="today-posts">
            {today.unchecked_posts.map((g) => (
              <li key={g.group_id}>
                {g.name}：{g.missing.map((m) => t(`check.${m}`)).join("、")}
              </li>
            ))}
          </ul>
        </>
      )}
      {today.dormant_groups.length > 0 && (
        <>
          <h4>{t("today.dormant", { days: today.dormant_days })}</h4>
          <ul className="tasks" data-testid="today-dormant">
            {today.dormant_groups.map((g) => (
              <li key={g.group_id}>
                {g.name}{" "}
                <span className="muted">
                  {g.last_order ? t("today.lastOrder", { day: g.last_order }) : t("today.noOrder")}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <CareSettingsForm careDays={today.care_days} dormantDays={today.dormant_days} onSaved={refresh} />
    </section>
  );
}

function CareSettingsForm({
  careDays,
  dormantDays,
  onSaved,
}: {
  careDays: number;
  dormantDays: number;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [care, setCare] = useState(String(careDays));
  const [dormant, setDormant] = useState(String(dormantDays));
  const [error, setError] = useState<unknown>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const stored = await api.settings();
      await api.saveSettings({ ...stored, care_days: Number(care), dormant_days: Number(dormant) });
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="care-settings">
      <summary>{t("settings.title")}</summary>
      <form className="inline" onSubmit={save}>
        <label className="inline">
          {t("settings.careDays")}
          <input type="number" min={1} max={365} value={care} onChange={(e) => setCare(e.target.value)} required />
        </label>
        <label className="inline">
          {t("settings.dormantDays")}
          <input
            type="number"
            min={1}
            max={365}
            value={dormant}
            onChange={(e) => setDormant(e.target.value)}
            required
          />
        </label>
        <button type="submit">{t("settings.save")}</button>
      </form>
      <NotificationsToggle />
      {error !== null && <ErrorNotice error={error} />}
    </details>
  );
}

// Saved as soon as it is ticked; the engine keeps marking tasks announced
// while it is off, so turning it back on brings only what is new.
function NotificationsToggle() {
  const { t } = useI18n();
  const [stored] = useLoad(async () => (await api.settings()).desktop_notifications, []);
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const on = chosen ?? (stored.state === "ready" ? stored.value : null);
  const toggle = async (wanted: boolean) => {
    setError(null);
    try {
      const settings = await api.settings();
      setChosen((await api.saveSettings({ ...settings, desktop_notifications: wanted })).desktop_notifications);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <label className="inline">
        <input
          type="checkbox"
          checked={on ?? false}
          disabled={on === null}
          onChange={(e) => void toggle(e.target.checked)}
        />
        {t("settings.notifications")}
      </label>
      {stored.state === "failed" && <ErrorNotice error={stored.error} />}
      {error !== null && <ErrorNotice error={error} />}
    </>
  );
}
