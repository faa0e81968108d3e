// A row of tabs over one view at a time; `testId` names a tab for the tests.
export function Tabs<T extends string>({
  tabs,
  current,
  onChoose,
  word,
  label,
  className = "tabs",
  testId,
}: {
  tabs: readonly T[];
  current: T;
  onChoose: (tab: T) => void;
  word: (tab: T) => string;
  label: string;
  className?: string;
  testId?: (tab: T) => string | undefined;
}) {
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={current === tab}
          data-testid={testId?.(tab)}
          onClick={() => onChoose(tab)}
        >
          {word(tab)}
        </button>
      ))}
    </div>
  );
}
