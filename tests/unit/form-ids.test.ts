// Forms rendered together on one page must not share element ids: a label's `for` would point at
// the other form's input (the /account page shows the email and password forms; /account/privacy
// the export and deletion forms, each with "Current password" and, with 2FA, a code).
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DeleteAccountForm, ExportDataForm } from "@/components/account/privacy-forms";
import { ChangeEmailForm, ChangePasswordForm } from "@/components/auth/account-forms";

function duplicateIds(html: string): string[] {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

describe("form element ids", () => {
  it("the account page's email and password forms have distinct ids", () => {
    const html = renderToStaticMarkup(
      createElement(
        Fragment,
        null,
        createElement(ChangeEmailForm, { twoFactor: true }),
        createElement(ChangePasswordForm, { twoFactor: true }),
      ),
    );
    expect(html).toContain("Current password");
    expect(duplicateIds(html)).toEqual([]);
  });

  it("the privacy page's export and deletion forms have distinct ids", () => {
    const html = renderToStaticMarkup(
      createElement(
        Fragment,
        null,
        createElement(ExportDataForm, { twoFactor: true }),
        createElement(DeleteAccountForm, { twoFactor: true, ptToForfeit: "10", graceDays: 7 }),
      ),
    );
    expect(duplicateIds(html)).toEqual([]);
  });
});
