import { describe, expect, it } from "vitest";
import { formatFen, svgDataUrl } from "../format";

describe("formatFen", () => {
  it("formats integer fen as yuan without float drift", () => {
    expect(formatFen(29)).toBe("¥0.29");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(-505)).toBe("-¥5.05");
  });
});

describe("svgDataUrl", () => {
  it("encodes markup so it shows as an image, never as live DOM", () => {
    const url = svgDataUrl('<svg><text>预估 & "x"</text></svg>');
    expect(url.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    expect(url).not.toContain("<");
    expect(decodeURIComponent(url.split(",")[1])).toContain("预估 & ");
  });
});
