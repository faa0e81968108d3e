import { describe, expect, it } from "vitest";
import { catalogs, translate } from "../i18n";

describe("locale catalogs", () => {
  it("say the same things in Chinese and English", () => {
    expect(Object.keys(catalogs.en).sort()).toEqual(Object.keys(catalogs["zh-CN"]).sort());
    for (const [key, text] of Object.entries(catalogs.en)) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("keep the same placeholders in both languages", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, zh] of Object.entries(catalogs["zh-CN"])) {
      expect(names(catalogs.en[key as keyof typeof catalogs.en]), key).toEqual(names(zh));
    }
  });

  it("fills placeholders", () => {
    expect(translate("zh-CN", "pager.range", { from: 1, to: 50, total: 360 })).toBe("第 1–50 条，共 360 条");
    expect(translate("en", "pager.range", { from: 1, to: 50, total: 360 })).toBe("1–50 of 360");
  });
});
