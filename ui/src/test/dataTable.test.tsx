import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Providers } from "../Providers";
import { DataTable, type Column } from "../components/DataTable";
import { PAGE_SIZE } from "../components/Pager";
import { renderInApp } from "./render";

type Group = { id: number; name: string; orders: number };

const ROWS: Group[] = [
  { id: 1, name: "乙群", orders: 5 },
  { id: 2, name: "甲群", orders: 30 },
  { id: 3, name: "丙群", orders: 12 },
];

const COLUMNS: Column<Group>[] = [
  { id: "name", label: "groups.name", cell: (g) => g.name, compare: (a, b) => a.name.localeCompare(b.name, "zh-CN") },
  { id: "orders", label: "table.orders", numeric: true, cell: (g) => g.orders, compare: (a, b) => a.orders - b.orders },
];

function renderTable(props: Partial<Parameters<typeof DataTable<Group>>[0]> = {}) {
  return renderInApp(<DataTable testId="groups" columns={COLUMNS} rows={ROWS} rowKey={(g) => g.id} {...props} />);
}

const firstCells = () =>
  within(screen.getByTestId("groups"))
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.querySelector("td")?.textContent);

describe("DataTable", () => {
  it("heads its columns with the labels' words and right-aligns figures", () => {
    renderTable();
    const headers = screen.getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["群名", "订单"]);
    expect(headers[1].className).toBe("num");
    expect(screen.getByText("30").className).toBe("num");
    expect(screen.getByText("甲群").className).toBe("");
  });

  it("sorts by a header, by click and again the other way, saying so in aria-sort", () => {
    renderTable();
    expect(firstCells()).toEqual(["乙群", "甲群", "丙群"]);
    const orders = screen.getByRole("columnheader", { name: "订单" });
    expect(orders.getAttribute("aria-sort")).toBe("none");
    // A figure sorts largest first, as the report did.
    fireEvent.click(within(orders).getByRole("button"));
    expect(orders.getAttribute("aria-sort")).toBe("descending");
    expect(firstCells()).toEqual(["甲群", "丙群", "乙群"]);
    fireEvent.click(within(orders).getByRole("button"));
    expect(orders.getAttribute("aria-sort")).toBe("ascending");
    expect(firstCells()).toEqual(["乙群", "丙群", "甲群"]);
    const name = screen.getByRole("columnheader", { name: "群名" });
    fireEvent.click(within(name).getByRole("button"));
    expect(name.getAttribute("aria-sort")).toBe("ascending");
    expect(orders.getAttribute("aria-sort")).toBe("none");
  });

  it("sorts from the keyboard: the header's control is a button", () => {
    renderTable();
    const button = within(screen.getByRole("columnheader", { name: "订单" })).getByRole("button");
    expect(button.tagName).toBe("BUTTON");
    expect(button.getAttribute("type")).toBe("button");
  });

  it("says what to do next instead of an empty table, with its action", () => {
    const onClick = vi.fn();
    renderTable({ rows: [], empty: { message: "groups.empty", action: { label: "groups.new", onClick } } });
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("还没有社群。同步订单后，每个推广位会自动出现在这里。")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "新建社群" }));
    expect(onClick).toHaveBeenCalledOnce();
  });

  it("keeps an empty table when no empty state is given", () => {
    renderTable({ rows: [] });
    expect(screen.getByRole("table")).toBeTruthy();
  });

  it("offers an export that calls its hook", () => {
    const onExport = vi.fn();
    renderTable({ onExport });
    fireEvent.click(screen.getByRole("button", { name: "导出" }));
    expect(onExport).toHaveBeenCalledOnce();
  });

  it("opens a row's detail by click, Enter or Space, but not from its own controls", () => {
    const onOpen = vi.fn();
    const columns: Column<Group>[] = [
      ...COLUMNS,
      { id: "act", label: "groups.actions", hideLabel: true, cell: () => <button type="button">x</button> },
    ];
    renderTable({ onOpen, columns, rowProps: (g) => ({ "data-id": g.id }) });
    const rows = within(screen.getByTestId("groups")).getAllByRole("row").slice(1);
    expect(rows[0].tabIndex).toBe(0);
    expect(rows[0].getAttribute("data-id")).toBe("1");
    fireEvent.click(within(rows[0]).getByText("乙群"));
    expect(onOpen).toHaveBeenLastCalledWith(ROWS[0]);
    fireEvent.keyDown(rows[1], { key: "Enter" });
    expect(onOpen).toHaveBeenLastCalledWith(ROWS[1]);
    fireEvent.keyDown(rows[2], { key: " " });
    expect(onOpen).toHaveBeenLastCalledWith(ROWS[2]);
    expect(onOpen).toHaveBeenCalledTimes(3);
    fireEvent.click(within(rows[0]).getByRole("button", { name: "x" }));
    fireEvent.keyDown(rows[0], { key: "a" });
    expect(onOpen).toHaveBeenCalledTimes(3);
  });

  it("leaves rows that open nothing out of the tab order", () => {
    renderTable();
    const rows = within(screen.getByTestId("groups")).getAllByRole("row").slice(1);
    expect(rows[0].hasAttribute("tabindex")).toBe(false);
  });
});

// A year by day: 365 lines, their orders rising by one a day, and the total.
type Day = { day: string; orders: number };
const YEAR: Day[] = Array.from({ length: 365 }, (_, i) => ({
  day: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
  orders: i + 1,
}));
const YEAR_TOTAL: Day = { day: "合计", orders: (365 * 366) / 2 };
const DAY_COLUMNS: Column<Day>[] = [
  { id: "day", label: "report.by.day", rowHeader: true, cell: (d) => d.day },
  { id: "orders", label: "table.orders", numeric: true, cell: (d) => d.orders, compare: (a, b) => a.orders - b.orders },
];

describe("DataTable over a year of lines", () => {
  const renderYear = () =>
    renderInApp(
      <DataTable testId="year" columns={DAY_COLUMNS} rows={YEAR} foot={[YEAR_TOTAL]} rowKey={(d) => d.day} />,
    );
  const table = () => screen.getByTestId("year");
  const bodyDays = () => [...table().querySelectorAll("tbody tr th")].map((th) => th.textContent);
  const footText = () => [...table().querySelectorAll("tfoot tr")].map((row) => row.textContent);
  const pager = () => screen.getByTestId("row-pager");

  it("renders one page of lines and the total, not the whole year", () => {
    renderYear();
    expect(bodyDays()).toHaveLength(PAGE_SIZE);
    expect(bodyDays()[0]).toBe("2026-01-01");
    expect(bodyDays()[PAGE_SIZE - 1]).toBe("2026-02-19");
    expect(within(table()).getAllByRole("row")).toHaveLength(1 + PAGE_SIZE + 1);
    expect(footText()).toEqual(["合计66795"]);
    expect(within(pager()).getByText("第 1–50 条，共 365 条")).toBeTruthy();
  });

  it("turns to the next lines and back, the total under every page", () => {
    renderYear();
    const next = within(pager()).getByRole("button", { name: "下一页" });
    const prev = within(pager()).getByRole("button", { name: "上一页" });
    expect(prev).toHaveProperty("disabled", true);
    fireEvent.click(next);
    expect(bodyDays()[0]).toBe("2026-02-20");
    expect(bodyDays()).toHaveLength(PAGE_SIZE);
    expect(footText()).toEqual(["合计66795"]);
    for (let page = 2; page < 8; page++) fireEvent.click(next);
    // The last page holds the year's last 15 days, and still the total.
    expect(bodyDays()).toEqual(YEAR.slice(350).map((d) => d.day));
    expect(footText()).toEqual(["合计66795"]);
    expect(within(pager()).getByText("第 351–365 条，共 365 条")).toBeTruthy();
    expect(next).toHaveProperty("disabled", true);
    fireEvent.click(prev);
    expect(bodyDays()[0]).toBe(YEAR[300].day);
  });

  it("sorts all the lines, not the page, and starts the new order on its first page", () => {
    renderYear();
    fireEvent.click(within(pager()).getByRole("button", { name: "下一页" }));
    fireEvent.click(within(screen.getByRole("columnheader", { name: "订单" })).getByRole("button"));
    // Largest first: the year's last days, which were on its last page.
    expect(bodyDays().slice(0, 3)).toEqual(["2026-12-31", "2026-12-30", "2026-12-29"]);
    expect(bodyDays()).toHaveLength(PAGE_SIZE);
    expect(within(pager()).getByText("第 1–50 条，共 365 条")).toBeTruthy();
    expect(footText()).toEqual(["合计66795"]);
  });

  it("stays on a page that exists when the lines shrink under it", () => {
    const { rerender } = renderYear();
    const next = within(pager()).getByRole("button", { name: "下一页" });
    for (let page = 1; page < 8; page++) fireEvent.click(next);
    rerender(
      <Providers>
        <DataTable testId="year" columns={DAY_COLUMNS} rows={YEAR.slice(0, 60)} rowKey={(d) => d.day} />
      </Providers>,
    );
    expect(bodyDays()).toEqual(YEAR.slice(50, 60).map((d) => d.day));
  });
});
