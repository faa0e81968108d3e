import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings/AppError";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { useFormErrors } from "../components/useFormErrors";
import { Providers } from "../Providers";
import { renderInApp } from "./render";

const refused = (field: string | null): AppError => ({
  code: "Validation",
  key: "pager.range",
  params: { from: "1", to: "2", total: "3" },
  field,
});

// A form of two fields that shows a refusal where useFormErrors puts it.
function TwoFields({ error, fields }: { error: unknown; fields?: string[] }) {
  const { fieldError, formError } = useFormErrors(error, fields);
  return (
    <form>
      <Field label="名字" error={fieldError("name")}>
        <input name="name" />
      </Field>
      <Field label="备注" error={fieldError("notes")}>
        <input name="notes" />
      </Field>
      {formError !== null && <p role="alert">{String((formError as AppError).key ?? formError)}</p>}
    </form>
  );
}

function renderForm(error: unknown, fields?: string[]) {
  return renderInApp(<TwoFields error={error} fields={fields} />);
}

describe("form helpers", () => {
  it("show a refusal at the field it names, marked invalid and described by the message", () => {
    renderForm(refused("name"));
    const name = screen.getByRole("textbox", { name: "名字" });
    const message = screen.getByText("第 1–2 条，共 3 条");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(name.getAttribute("aria-describedby")).toBe(message.id);
    expect(message.id).not.toBe("");
    const notes = screen.getByRole("textbox", { name: "备注" });
    expect(notes.hasAttribute("aria-invalid")).toBe(false);
    expect(notes.hasAttribute("aria-describedby")).toBe(false);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("show a refusal about no field, or not the store's, as the form's", () => {
    renderForm(refused(null));
    expect(screen.getByRole("alert").textContent).toBe("pager.range");
    expect(screen.getByRole("textbox", { name: "名字" }).hasAttribute("aria-invalid")).toBe(false);
  });

  it("show a refusal about a field the form does not show as the form's", () => {
    renderForm(refused("revision"), ["name", "notes"]);
    expect(screen.getByRole("alert").textContent).toBe("pager.range");
  });

  it("show nothing when nothing was refused", () => {
    renderForm(null);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByText("第 1–2 条，共 3 条")).toBeNull();
  });

  it("save and cancel in the form's own words, in either language", () => {
    const onCancel = vi.fn();
    const { unmount } = render(
      <Providers>
        <FormActions disabled={false} onCancel={onCancel} />
      </Providers>,
    );
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "保存" }).type).toBe("submit");
    fireEvent.click(screen.getByRole("button", { name: "取消" }));
    expect(onCancel).toHaveBeenCalledOnce();
    unmount();
    localStorage.setItem("tuanzhang.lang", "en");
    render(
      <Providers>
        <FormActions disabled onCancel={onCancel} />
      </Providers>,
    );
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Save" }).disabled).toBe(true);
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
  });

  it("show a refusal about the whole form above its buttons", () => {
    renderInApp(<FormActions disabled={false} error={refused(null)} />);
    expect(screen.getByRole("alert").textContent).toContain("第 1–2 条，共 3 条");
  });

  it("name the save for what it saves when asked, and leave out a cancel with nothing to do", () => {
    render(
      <Providers>
        <FormActions disabled={false} saveLabel="posting.savePlan" />
      </Providers>,
    );
    expect(screen.getByRole("button", { name: "保存计划" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "取消" })).toBeNull();
  });
});
