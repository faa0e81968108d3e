import type { InputHTMLAttributes, ReactNode } from "react";

// A number typed after its label (days, minutes, a score), as the forms
// that save one setting at a time lay it out.
export function NumberBox({
  label,
  value,
  onValue,
  inline,
  ...input
}: {
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  inline?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "onChange">) {
  return (
    <label className={inline ? "inline" : undefined}>
      {label}
      <input {...input} type="number" value={value} onChange={(e) => onValue(e.target.value)} />
    </label>
  );
}
