import type { MemberCount } from "../../bindings/MemberCount";
import { useI18n } from "../../i18n";

const WIDTH = 240;
const HEIGHT = 48;

// The member-count history as a small line, with the latest figure.
export function MemberSparkline({ counts }: { counts: MemberCount[] }) {
  const { t } = useI18n();
  if (counts.length === 0) return <p className="muted">{t("groupForm.noMembers")}</p>;
  const max = Math.max(...counts.map((c) => c.members), 1);
  const step = counts.length > 1 ? WIDTH / (counts.length - 1) : 0;
  const points = counts
    .map((c, i) => `${(i * step).toFixed(1)},${(HEIGHT - (c.members / max) * (HEIGHT - 4) - 2).toFixed(1)}`)
    .join(" ");
  const last = counts[counts.length - 1];
  return (
    <figure className="sparkline">
      <svg
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={t("groupForm.membersChart", { n: last.members, day: last.day })}
      >
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth={2} />
      </svg>
      <figcaption>{t("groupForm.membersChart", { n: last.members, day: last.day })}</figcaption>
    </figure>
  );
}
