import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { makeQueryClient } from "./api/queries";
import { I18nProvider } from "./i18n";

// What every screen needs around it: the query cache and the language.
export function Providers({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [queries] = useState(() => client ?? makeQueryClient());
  return (
    <QueryClientProvider client={queries}>
      <I18nProvider>{children}</I18nProvider>
    </QueryClientProvider>
  );
}
