import { useState, type FormEvent } from "react";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { useSaveSettings, useSettings } from "../settings/queries";
import { CareForm } from "./CareForm";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useTickStep, useToday } from "./queries";
import { NumberBox } from "../../components/NumberBox";

// 今日待办: onboarding steps due, partners to contact, dormant groups.
export function TodayPanel() {
  const { t } = useI18n();
  const tasks = useToday();
  const [recording, setRecording] = useState<number | null>(null);
  const tick = useTickStep();

  if (tasks.isPending) return <Loading />;
  if (tasks.isError) return <ErrorNotice error={tasks.error} onRetry={() => void tasks.refetch()} />;
  const today = tasks.data;
  const nothing =
    today.onboarding_total === 0 &&
    today.contact_total === 0 &&
    today.dormant_groups.length === 0 &&
    today.falling_groups.length === 0;

  return (
    <section className="today" aria-labelledby="today-title" data-testid="today">
      <h3 id="today-title">{t("today.title")}</h3>
      {nothing && <p className="empty">{t("today.nothing")}</p>}
      {tick.isError && <ErrorNotice error={tick.error} />}
      {today.onboarding.length > 0 && (
        <>
          <h4>{t("today.onboarding", { n: formatCount(today.onboarding_total) })}</h4>
          <ul className="tasks" data-testid="today-onboarding">
            {today.onboarding.map((d) => (
              <li key={`${d.partner_id}-${d.step}`}>
                <span>
                  {d.name}：{t(`step.${d.step}`)} <span className="muted">{t("today.due", { day: d.due_on })}</span>
                </span>
                <button
                  type="button"
                  disabled={tick.isPending}
                  onClick={() => tick.mutate({ partnerId: d.partner_id, step: d.step })}
                >
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
                  <CareForm partnerId={c.partner_id} compact onSaved={() => setRecording(null)} />
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
      <CareSettingsForm careDays={today.care_days} dormantDays={today.dormant_days} />
    </section>
  );
}

function CareSettingsForm({ careDays, dormantDays }: { careDays: number; dormantDays: number }) {
  const { t } = useI18n();
  const [care, setCare] = useState(String(careDays));
  const [dormant, setDormant] = useState(String(dormantDays));
  const save = useSaveSettings();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ care_days: Number(care), dormant_days: Number(dormant) });
  };
  return (
    <details className="care-settings">
      <summary>{t("settings.title")}</summary>
      <form className="inline" onSubmit={submit}>
        <NumberBox inline label={t("settings.careDays")} min={1} max={365} value={care} onValue={setCare} required />
        <NumberBox
          inline
          label={t("settings.dormantDays")}
          min={1}
          max={365}
          value={dormant}
          onValue={setDormant}
          required
        />
        <button type="submit" disabled={save.isPending}>
          {t("form.saveSettings")}
        </button>
      </form>
      <NotificationsToggle />
      {save.isError && <ErrorNotice error={save.error} />}
    </details>
  );
}

// Saved as soon as it is ticked; the engine keeps marking tasks announced
// while it is off, so turning it back on brings only what is new.
function NotificationsToggle() {
  const { t } = useI18n();
  const settings = useSettings();
  const save = useSaveSettings();
  const on = settings.data?.desktop_notifications ?? null;
  return (
    <>
      <label className="inline">
        <input
          type="checkbox"
          checked={on ?? false}
          disabled={on === null || save.isPending}
          onChange={(e) => save.mutate({ desktop_notifications: e.target.checked })}
        />
        {t("settings.notifications")}
      </label>
      {settings.isError && <ErrorNotice error={settings.error} />}
      {save.isError && <ErrorNotice error={save.error} />}
    </>
  );
}
