import type { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { Providers } from "../Providers";

/** Renders a screen as the window does: inside the query cache and the language. */
export function renderInApp(ui: ReactElement, client?: QueryClient) {
  return render(<Providers client={client}>{ui}</Providers>);
}
