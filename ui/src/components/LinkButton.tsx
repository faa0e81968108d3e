import type { ButtonHTMLAttributes } from "react";

// A button that reads as a link: a figure that opens what is behind it.
export function LinkButton(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "className">) {
  return <button {...props} type="button" className="link" />;
}
