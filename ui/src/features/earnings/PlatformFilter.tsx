import { Select } from "../../components/Select";
import { useI18n } from "../../i18n";
import { PLATFORM_CHOICES, type PlatformChoice } from "./platforms";

// Which platform's figures 收益 shows: every platform unless she picks one;
// once she does, a line says whose figures these are.
export function PlatformFilter({
  choice,
  onChoose,
}: {
  choice: PlatformChoice;
  onChoose: (choice: PlatformChoice) => void;
}) {
  const { t } = useI18n();
  const word = (c: PlatformChoice) => (c === "all" ? t("earnings.platform.all") : t(`platform.${c}`));
  return (
    <div className="range-picker" data-testid="platform-filter-line">
      <label>
        {t("earnings.platform")}{" "}
        <Select
          data-testid="platform-filter"
          value={choice}
          choices={PLATFORM_CHOICES}
          word={word}
          onChoose={onChoose}
        />
      </label>
      {choice !== "all" && (
        <span className="muted" data-testid="platform-shown">
          {t("earnings.platformShown", { platform: word(choice) })}
        </span>
      )}
    </div>
  );
}
