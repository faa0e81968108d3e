import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import zh from "./zh-CN.json";
import en from "./en.json";

export type Lang = "zh-CN" | "en";
export type MessageKey = keyof typeof zh;
type Vars = Record<string, string | number>;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zh, en };
const STORAGE_KEY = "tuanzhang.lang";

// A message from the engine: any key it sends, worded here.
export type Message = { key: string; params: Record<string, string> };

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const template = catalogs[lang][key] ?? catalogs["zh-CN"][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));
}

type I18n = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  // Words a message the engine sent; an unknown key shows as itself.
  tm: (message: Message) => string;
};
const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
}

// Chinese first: English only when she has chosen it.
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tm: (message) => translate(lang, message.key as MessageKey, message.params),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
