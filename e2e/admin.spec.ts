// The admin journey in Chromium: sign in with 2FA, open a user and adjust PT with a reason, the
// user spends and disputes a charge, the admin approves it (one refund, the user is notified),
// replays a dead webhook, and sees the margin chart. Plus: signed-out and non-admin refusals.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { AdminConsole, LedgerPage } from "./pages/admin-pages";
import { SignInPage } from "./pages/auth-pages";
import { ChatPage } from "./pages/chat-page";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

test("signed-out visitors and plain users are refused by admin pages and APIs", async ({ page, request }) => {
  await page.goto("/admin/disputes");
  // The admin layout's guard answers first, so the way back is /admin.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin/);
  expect((await request.get("/api/admin/users")).status()).toBe(401);
  const email = uniqueEmail("plain");
  await signUpApi(request, email);
  await new SignInPage(page).signIn(email, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin/disputes");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Disputes");
  expect((await page.request.get("/api/admin/users")).status()).toBe(403);
});

test("an admin adjusts PT, approves a dispute, replays a dead webhook and sees the margin chart", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  // A verified user who will chat and dispute a charge.
  const email = uniqueEmail("disputer");
  await signUpApi(request, email);
  await verifyApi(request, email);

  await signInAsAdmin(page, request);
  const admin = new AdminConsole(page);
  await admin.openUser(email);
  await admin.adjustPt("50000", "Goodwill credit for the e2e journey");
  await expect(admin.adjustForm().getByRole("status")).toHaveText("Done.");
  // The form is cleared after success: a second click cannot apply the same adjustment again.
  await expect(admin.adjustForm().getByLabel(/^Amount/)).toHaveValue("");
  await expect(admin.adjustForm().getByLabel(/^Reason/)).toHaveValue("");
  // The verified Free user already holds this month's 50,000 PT allowance: 50,000 + 50,000. (A
  // substring match on "50,000" used to pass on the page as it was before the refresh.)
  await expect(page.getByTestId("user-available-pt")).toHaveText("100,000 PT");

  // The user chats (a real reserve → stream → settle), then disputes the usage charge.
  const userContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const userPage = await userContext.newPage();
  await userPage.goto("/sign-in?next=%2Fchat");
  await new SignInPage(userPage).signIn(email, PASSWORD);
  const chat = new ChatPage(userPage);
  await chat.balance().waitFor();
  await chat.input().fill("Tell me about ledgers.");
  await chat.input().press("Enter");
  await expect(chat.charges().first()).toBeVisible({ timeout: 60_000 });
  const ledger = new LedgerPage(userPage);
  await ledger.goto();
  await ledger.disputeFirstCharge("The answer was cut off");
  await expect(ledger.myDisputeStatus().first()).toHaveText("open");

  // The admin reviews and approves it (after confirming in the dialog).
  await admin.nav("Disputes").click();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("The answer was cut off");
  await row.getByRole("button", { name: "Approve and refund" }).click();
  await admin.dialog().getByRole("button", { name: "Yes, approve and refund" }).click();
  await expect(row).toHaveCount(0);
  await page.goto("/admin/disputes?status=approved");
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("approved");

  await ledger.goto();
  await expect(ledger.myDisputeStatus().first()).toHaveText("approved");
  await expect(userPage.getByRole("row").filter({ hasText: "Dispute credit" }).first()).toBeVisible();
  await userPage.goto("/account");
  await expect(userPage.getByTestId("unread-badge")).toHaveText("1 unread");
  await userContext.close();

  // A webhook whose effect cannot apply (a dispute of an unknown charge) is dead after its
  // attempts (WEBHOOK_MAX_ATTEMPTS=1 in e2e); the admin finds it and replays it.
  const eventId = await postDeadEvent(request);
  await page.goto("/admin/webhooks?status=dead");
  const eventRow = page.getByTestId(`event-${eventId}`);
  await expect(eventRow.getByTestId("event-status")).toHaveText("dead");
  await eventRow.getByRole("button", { name: "Replay" }).click();
  // The replay's answer is the success: the list's refresh may take the row out (replayed) or
  // show it dead again (its charge is still unknown) before a "Done." can be read.
  const replayed = page.waitForResponse(
    (r) =>
      r.url().endsWith(`/api/admin/webhooks/${encodeURIComponent(eventId)}/replay`) &&
      r.request().method() === "POST",
  );
  await admin.dialog().getByRole("button", { name: "Yes, replay" }).click();
  expect((await replayed).status()).toBe(200);
  await page.goto(`/admin/audit?targetId=${eventId}`);
  await expect(page.getByRole("row").filter({ hasText: "webhook.replay" })).toHaveCount(1);

  // The overview's margin chart reflects the usage.
  await admin.nav("Overview").click();
  await expect(admin.marginChart()).toBeVisible();
  expect(await admin.marginChart().locator("rect").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("pt-used")).not.toHaveText("0");
  await page.goto("/admin/audit?action=user.adjust_pt");
  await expect(page.getByRole("row").filter({ hasText: "Goodwill credit" })).toHaveCount(1);
});

/** Posts a correctly signed charge.dispute.created for a charge nobody bought; returns its id. */
async function postDeadEvent(request: import("@playwright/test").APIRequestContext): Promise<string> {
  // The first webhook call creates the local test-mode secret in the server's data directory.
  await request.post("/api/stripe/webhook", { data: "{}", headers: { "stripe-signature": "t=1,v1=00" } });
  const secret = readFileSync(join(process.env.E2E_DATA_DIR ?? ".", "stripe-webhook-secret"), "utf8").trim();
  const id = `evt_e2e_${Date.now()}`;
  const now = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id,
    object: "event",
    type: "charge.dispute.created",
    created: now,
    livemode: false,
    data: {
      object: {
        id: `dp_e2e_${now}`,
        object: "dispute",
        amount: 500,
        charge: `ch_unknown_${now}`,
        payment_intent: `pi_unknown_${now}`,
        status: "needs_response",
        reason: "fraudulent",
      },
    },
  });
  const signature = createHmac("sha256", secret).update(`${now}.${payload}`).digest("hex");
  const response = await request.post("/api/stripe/webhook", {
    data: payload,
    headers: { "content-type": "application/json", "stripe-signature": `t=${now},v1=${signature}` },
  });
  expect(response.status()).toBeLessThan(500);
  return id;
}
