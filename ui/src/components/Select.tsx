import type { SelectHTMLAttributes } from "react";

type Own<T extends string> = {
  value: T;
  choices: readonly T[];
  /** How a choice reads. */
  word: (choice: T) => string;
  onChoose: (choice: T) => void;
};

// A select over a fixed list of choices (kinds, roles, resolutions), each
// worded by `word`; what she picks comes back as the choice itself.
export function Select<T extends string>({
  value,
  choices,
  word,
  onChoose,
  ...rest
}: Own<T> & Omit<SelectHTMLAttributes<HTMLSelectElement>, keyof Own<T> | "onChange">) {
  return (
    <select {...rest} value={value} onChange={(e) => onChoose(e.target.value as T)}>
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {word(choice)}
        </option>
      ))}
    </select>
  );
}
