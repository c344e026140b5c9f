// Team billing end to end: an owner creates a team and a member joins; on /teams/:id/billing the
// owner buys the seat-priced team plan for 2 seats in the test checkout (after confirming); the
// pool then holds 2 × the per-seat allowance, and the member chats from it in the team workspace,
// crossing the pool's low-balance alert the owner set.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/auth-pages";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { TestCheckoutPage } from "./pages/test-checkout-page";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";
import { mailLink, pathOf } from "./support/mailbox";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

const PER_SEAT = 750_000n;

test("owner buys a 2-seat team plan in the test checkout; the pool gets 2 × the seat allowance; a member chats from it", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInAsNewVerifiedUser(page);
  const created = await page.request.post("/api/teams", { data: { name: "Seat Co" } });
  expect(created.status()).toBe(201);
  const { team } = (await created.json()) as { team: { id: string } };
  const teamId = team.id;

  // A member joins through the invitation link.
  const memberEmail = uniqueEmail("seat-member");
  await signUpApi(page.request, memberEmail);
  await verifyApi(page.request, memberEmail);
  expect(
    (
      await page.request.post(`/api/teams/${teamId}/invites`, {
        data: { email: memberEmail, role: "member" },
      })
    ).status(),
  ).toBe(201);
  const memberContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const member = await memberContext.newPage();
  const link = await mailLink(member.request, memberEmail, "team-invite");
  await member.goto(`/sign-in?next=${encodeURIComponent(pathOf(link))}`);
  await new SignInPage(member).signIn(memberEmail, PASSWORD);
  await member.getByRole("button", { name: "Accept and join" }).click();
  await expect(member).toHaveURL(new RegExp(`/teams/${teamId}$`));
  // Members cannot see or change billing.
  await member.goto(`/teams/${teamId}/billing`);
  await expect(
    member.getByText("Only the team's owners and admins can see and change its billing."),
  ).toBeVisible();

  // The owner buys 2 seats, confirming first.
  await page.goto(`/teams/${teamId}`);
  await page.getByTestId("team-billing-link").click();
  await expect(page).toHaveURL(new RegExp(`/teams/${teamId}/billing$`));
  await expect(page.getByTestId("team-seats")).toHaveText("No plan");
  await page.getByTestId("team-seats-input").fill("2");
  await page.getByTestId("team-seats-buy").click();
  const dialog = page.getByRole("dialog", { name: "Buy 2 seats?" });
  await expect(dialog).toContainText("$30.00 a month for 2 seats");
  await dialog.getByRole("button", { name: "Go to checkout" }).click();
  await expect(page).toHaveURL(/\/billing\/test-checkout\//);
  const checkout = new TestCheckoutPage(page);
  await expect(checkout.label()).toBeVisible();
  await checkout.pay();
  await expect(page).toHaveURL(new RegExp(`/teams/${teamId}/billing`));
  await expect(page.getByTestId("team-seats")).toHaveText("2");
  await expect(page.getByTestId("team-pool-available")).toHaveText("1,500,000 PT");
  await expect(page.getByTestId("team-allowance-left")).toHaveText("1,500,000 PT");
  await expect(page.getByTestId("team-purchases")).toContainText("$30.00");

  // The owner sets a low-balance alert for the pool above what it holds: the member's first charge
  // crosses it (kept after a reload).
  const lowBalance = page.getByRole("form", { name: "Low-balance alert" });
  await lowBalance.getByLabel("Alert below (PT)").fill("2000000");
  await lowBalance.getByRole("button", { name: "Save alert" }).click();
  await expect(
    lowBalance.getByText(
      "Saved: the team's owners and admins are told when less than 2,000,000 PT is available.",
    ),
  ).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("form", { name: "Low-balance alert" }).getByLabel("Alert below (PT)"),
  ).toHaveValue("2000000");

  // The member chats from the pool.
  await member.goto("/chat");
  await member.getByTestId("workspace-switcher").selectOption({ label: "Seat Co" });
  await expect(member.getByTestId("workspace-switcher")).toHaveValue(teamId);
  const chat = new ChatPage(member);
  await expect(chat.balance()).toHaveAttribute("data-pt", String(2n * PER_SEAT));
  await chat.send("Hello from a paid seat");
  const charge = chat.charges().first();
  await expect(charge).toBeVisible({ timeout: 30_000 });
  const charged = BigInt((await charge.getAttribute("data-pt")) ?? "NaN");
  expect(charged).toBeGreaterThan(0n);
  const after = (await (await page.request.get(`/api/teams/${teamId}`)).json()) as {
    team: { pool: { available: string } };
  };
  expect(BigInt(after.team.pool.available)).toBe(2n * PER_SEAT - charged);
  const alert = (await (await page.request.get(`/api/teams/${teamId}/billing/low-balance`)).json()) as {
    firedAt: string | null;
  };
  expect(alert.firedAt).not.toBeNull();
  await memberContext.close();

  // The owner sees who spent what, the ledger download and the audit log.
  await page.goto(`/teams/${teamId}`);
  await page.getByTestId("team-usage-link").click();
  await expect(page).toHaveURL(new RegExp(`/teams/${teamId}/usage$`));
  await expect(page.getByTestId("team-usage-members")).toContainText(memberEmail);
  await expect(page.getByTestId("team-usage-members")).toContainText(charged.toLocaleString("en-US"));
  await expect(page.getByTestId("team-audit")).toContainText("purchase");
  await expect(page.getByTestId("team-audit")).toContainText("invite sent");
  const csv = await page.request.get(`/api/teams/${teamId}/ledger.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(String(2n * PER_SEAT));

  // The billing page on a phone: nothing wider than the screen, auto top-up offered.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`/teams/${teamId}/billing`);
  await expect(page.getByRole("region", { name: "Auto top-up" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
