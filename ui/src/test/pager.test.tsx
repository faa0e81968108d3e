import { render, screen, fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Pager } from "../components/Pager";
import { Providers } from "../Providers";

describe("Pager", () => {
  it("moves by pages and stops at both ends", () => {
    const onOffset = vi.fn();
    render(
      <Providers>
        <Pager offset={0} total={120} onOffset={onOffset} />
      </Providers>,
    );
    expect(screen.getByText("第 1–50 条，共 120 条")).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "上一页" }).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "下一页" }));
    expect(onOffset).toHaveBeenCalledWith(50);
  });

  it("hides itself when everything fits on one page", () => {
    const { container } = render(
      <Providers>
        <Pager offset={0} total={50} onOffset={() => {}} />
      </Providers>,
    );
    expect(container.textContent).toBe("");
  });
});
