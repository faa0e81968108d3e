import { render, screen, fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Pager } from "../components/Pager";
import { I18nProvider } from "../i18n";

describe("Pager", () => {
  it("moves by pages and stops at both ends", () => {
    const onOffset = vi.fn();
    render(
      <I18nProvider>
        <Pager offset={0} total={120} onOffset={onOffset} />
      </I18nProvider>,
    );
    expect(screen.getByText("第 1–50 条，共 120 条")).toBeTruthy();
    expect((screen.getByRole("button", { name: "上一页" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "下一页" }));
    expect(onOffset).toHaveBeenCalledWith(50);
  });

  it("hides itself when everything fits on one page", () => {
    const { container } = render(
      <I18nProvider>
        <Pager offset={0} total={50} onOffset={() => {}} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe("");
  });
});
