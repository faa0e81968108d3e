import type { ReactNode } from "react";

// A labelled control with the store's message about it, outside the label
// so the control's name stays just its label.
export function Field({
  label,
  error,
  wide,
  children,
}: {
  label: string;
  error: string | null;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? "field wide" : "field"}>
      <label>
        {label}
        {children}
      </label>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
