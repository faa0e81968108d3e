import { useCallback, useEffect, useState } from "react";

export type Loaded<T> = { state: "loading" } | { state: "failed"; error: unknown } | { state: "ready"; value: T };

// Loads on mount and whenever `deps` change (a page turn, a finished sync);
// an answer that arrives after a newer request started is dropped.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what the load depends on
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    run().then(
      (value) => current && setLoaded({ state: "ready", value }),
      (error: unknown) => current && setLoaded({ state: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [run, attempt]);
  return [loaded, () => setAttempt((n) => n + 1)];
}
