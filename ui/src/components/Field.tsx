import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";

type Control = ReactElement<{ "aria-invalid"?: boolean; "aria-describedby"?: string }>;

// A labelled control with the store's message about it, outside the label
// so the control's name stays just its label. The control is marked
// invalid and described by the message while there is one.
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
  const errorId = useId();
  const control =
    error && isValidElement(children)
      ? cloneElement(children as Control, { "aria-invalid": true, "aria-describedby": errorId })
      : children;
  return (
    <div className={wide ? "field wide" : "field"}>
      <label>
        {label}
        {control}
      </label>
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
