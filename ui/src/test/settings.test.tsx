import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { demoInfo, mockApi } from "./mockApi";
import { renderInApp } from "./render";

const api = mockApi();
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), api }));
const { SettingsPage } = await import("../features/settings/SettingsPage");

function renderSettings(onConnected = () => {}) {
  return renderInApp(<SettingsPage onConnected={onConnected} />);
}

function fill(form: HTMLElement, key: string, secret: string) {
  fireEvent.change(within(form).getByTestId("app-key"), { target: { value: key } });
  fireEvent.change(within(form).getByTestId("app-secret"), { target: { value: secret } });
}

describe("设置 → 平台账号", () => {
  beforeEach(() => {
    api.appInfo.mockReset().mockResolvedValue(demoInfo);
    api.testConnection.mockReset();
    api.connectAccount.mockReset();
    api.openStore.mockReset();
  });

  it("tests the account without saving it and says what it found", async () => {
    api.testConnection.mockResolvedValue({ found: { key: "account.testOk", params: { positions: "48" } } });
    renderSettings();
    const form = await screen.findByRole("form", { name: "平台账号（京东联盟）" });
    fill(form, "my-key", "my-secret");
    fireEvent.click(within(form).getByTestId("test-connection"));
    expect(await within(form).findByText("连接成功：账号下有 48 个推广位。")).toBeTruthy();
    expect(api.testConnection).toHaveBeenCalledWith({
      platform: "jd",
      gateway: "https://api.jd.com/routerjson",
      app_key: "my-key",
      app_secret: "my-secret",
    });
    expect(api.connectAccount).not.toHaveBeenCalled();
  });

  it("shows a refusal beside its field in plain words and keeps the draft", async () => {
    api.connectAccount.mockRejectedValue({
      code: "Validation",
      key: "account.test.signature",
      params: { detail: "gateway error 12" },
      field: "app_secret",
    });
    renderSettings();
    const form = await screen.findByRole("form", { name: "平台账号（京东联盟）" });
    fill(form, "my-key", "wrong");
    fireEvent.click(within(form).getByTestId("connect-account"));
    expect(await within(form).findByText(/App Secret 不对/)).toBeTruthy();
    expect(within(form).getByTestId("app-secret").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByTestId<HTMLInputElement>("app-key").value).toBe("my-key");
  });

  it("connects, forgets the secret in the form and moves on to the first sync", async () => {
    const onConnected = vi.fn();
    const mine = {
      ...demoInfo,
      store: "mine" as const,
      demo: false,
      connected: true,
      app_key: "my-key",
      accounts: demoInfo.accounts.map((a) => (a.platform === "jd" ? { ...a, app_key: "my-key" } : a)),
    };
    api.connectAccount.mockImplementation(async () => {
      api.appInfo.mockResolvedValue(mine);
      return mine;
    });
    renderSettings(onConnected);
    const form = await screen.findByRole("form", { name: "平台账号（京东联盟）" });
    fill(form, "my-key", "my-secret");
    fireEvent.click(within(form).getByTestId("connect-account"));
    await waitFor(() => expect(onConnected).toHaveBeenCalled());
    expect(await screen.findByText("已连接：App Key my-key")).toBeTruthy();
    // JD's form closes; 多多进宝's and 淘宝联盟's stay open to connect.
    expect(within(screen.getByTestId("account-settings")).queryByTestId("app-secret")).toBeNull();
    expect(within(screen.getByTestId("account-settings-pdd")).getByTestId("app-secret")).toBeTruthy();
    expect(await screen.findByText("现在打开的是：我的数据")).toBeTruthy();
  });

  it("connects a 多多进宝 account with its own keys beside JD's", async () => {
    api.testConnection.mockResolvedValue({ found: { key: "account.testOkOrders", params: { orders: "7" } } });
    renderSettings();
    const form = await screen.findByRole("form", { name: "平台账号（多多进宝）" });
    expect(within(form).getByText("Client ID")).toBeTruthy();
    fill(form, "pdd-client", "pdd-secret");
    fireEvent.click(within(form).getByTestId("test-connection"));
    expect(await within(form).findByText("连接成功：最近一小时有 7 笔订单。")).toBeTruthy();
    expect(api.testConnection).toHaveBeenCalledWith({
      platform: "pdd",
      gateway: "https://gw-api.pinduoduo.com/api/router",
      app_key: "pdd-client",
      app_secret: "pdd-secret",
    });
    // 京东联盟's and 淘宝联盟's forms are there too, each its own.
    expect(screen.getByRole("form", { name: "平台账号（京东联盟）" })).toBeTruthy();
    expect(screen.getByRole("form", { name: "平台账号（淘宝联盟）" })).toBeTruthy();
  });

  it("says the demo is open and offers her data only once it exists", async () => {
    renderSettings();
    expect(await screen.findByText("现在打开的是：演示数据")).toBeTruthy();
    expect(screen.queryByTestId("switch-store")).toBeNull();
    expect(screen.getByText(/连接自己的账号后/)).toBeTruthy();
  });

  it("switches between her data and the demo in one action", async () => {
    api.appInfo.mockResolvedValue({ ...demoInfo, store: "mine", demo: false, connected: true, app_key: "k" });
    api.openStore.mockImplementation(async () => {
      api.appInfo.mockResolvedValue(demoInfo);
      return demoInfo;
    });
    renderSettings();
    fireEvent.click(await screen.findByRole("button", { name: "切换到演示数据" }));
    await waitFor(() => expect(api.openStore).toHaveBeenCalledWith("demo"));
    expect(await screen.findByText("现在打开的是：演示数据")).toBeTruthy();
    // Back in the demo, the form to connect her account is there again.
    expect(await screen.findByRole("form", { name: "平台账号（京东联盟）" })).toBeTruthy();
  });
});

describe("设置 → 备份", () => {
  const copy = {
    id: "daily-1795003200-0",
    reason: "daily" as const,
    taken_at: "2026-11-18 20:00:00",
    partners: 360,
    groups: 48,
    order_rows: 43067,
    schema_version: 10,
  };

  it("lists the copies with what they hold, takes one now, and asks before restoring", async () => {
    api.listBackups.mockReset().mockResolvedValue([copy]);
    api.backupNow.mockReset().mockResolvedValue([{ ...copy, id: "manual-1795003300-0", reason: "manual" }, copy]);
    api.restoreBackup.mockReset().mockResolvedValue(null);
    renderSettings();
    const section = await screen.findByTestId("backups");
    expect(await within(section).findByText("43,067")).toBeTruthy();
    fireEvent.click(within(section).getByTestId("backup-now"));
    expect(await within(section).findByText("手动")).toBeTruthy();
    fireEvent.click(within(section).getAllByRole("button", { name: "恢复" })[1]);
    const dialog = within(section).getByRole("alertdialog");
    expect(dialog.textContent).toContain("360 位伙伴、48 个社群、43067 条订单行");
    expect(api.restoreBackup).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "恢复并重新打开" }));
    await waitFor(() => expect(api.restoreBackup).toHaveBeenCalledWith("daily-1795003200-0"));
  });
});

describe("设置 → 导出全部数据", () => {
  beforeEach(() => {
    api.appInfo.mockReset().mockResolvedValue(demoInfo);
    api.exportEverything.mockReset().mockResolvedValue("/home/me/Downloads/团长工作台-全部数据-2026-11-18.zip");
  });

  it("exports masked at once and says where the file went", async () => {
    renderSettings();
    const section = await screen.findByTestId("export-all");
    fireEvent.click(within(section).getByRole("button", { name: "导出全部数据" }));
    expect(await within(section).findByText(/已导出到 .*全部数据-2026-11-18\.zip/)).toBeTruthy();
    expect(api.exportEverything).toHaveBeenCalledWith(false);
  });

  it("asks before full contacts leave the laptop, and cancelling exports nothing", async () => {
    renderSettings();
    const section = await screen.findByTestId("export-all");
    fireEvent.click(within(section).getByRole("checkbox", { name: "包含完整微信号和手机号" }));
    fireEvent.click(within(section).getByRole("button", { name: "导出全部数据" }));
    const dialog = within(section).getByRole("alertdialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "取消" }));
    expect(api.exportEverything).not.toHaveBeenCalled();
    fireEvent.click(within(section).getByRole("button", { name: "导出全部数据" }));
    fireEvent.click(within(section).getByRole("button", { name: "确定，导出完整联系方式" }));
    await waitFor(() => expect(api.exportEverything).toHaveBeenCalledWith(true));
  });

  it("opens the data folder in the file manager", async () => {
    renderSettings();
    fireEvent.click(await screen.findByRole("button", { name: "打开数据文件夹" }));
    await waitFor(() => expect(api.openDataFolder).toHaveBeenCalled());
  });
});
