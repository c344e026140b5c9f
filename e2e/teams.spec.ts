// Teams end to end, in three browsers: an owner creates a team and invites a second user, who
// accepts from the link in the dev mailbox; the operator admin funds the pool; the owner sets the
// member's daily cap; the member switches to the team's workspace in the header and chats, and the
// pool drops by exactly the charge shown under the reply, while the member's own balance is untouched.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/auth-pages";
import { ChatPage } from "./pages/chat-page";
import { signInAsNewVerifiedUser } from "./pages/session";
import { PASSWORD, signUpApi, uniqueEmail, uniqueIp, verifyApi } from "./support/accounts";
import { signInAsAdmin } from "./support/admin";
import { mailLink, pathOf } from "./support/mailbox";

test.use({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

type TeamBody = {
  team: { pool: { available: string }; members: { email: string; dailyCapPt: string | null }[] };
};

test("owner creates a team, invites a member who accepts; the member chats from the funded pool", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The owner creates the team.
  const ownerEmail = await signInAsNewVerifiedUser(page);
  await page.goto("/teams");
  await expect(page.getByText("You are not in a team yet.")).toBeVisible();
  await page.getByLabel("Team name").fill("Acme Research");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("team-name")).toHaveText("Acme Research");
  const teamId = page.url().split("/").at(-1) as string;
  await expect(page.getByTestId("pool-available")).toHaveText("0 PT");

  // The owner invites a second user (who already has an account).
  const memberEmail = uniqueEmail("member");
  await signUpApi(page.request, memberEmail);
  await verifyApi(page.request, memberEmail);
  const invites = page.getByRole("region", { name: "Invitations" });
  await invites.getByLabel("Email address").fill(memberEmail);
  await invites.getByRole("button", { name: "Send invitation" }).click();
  await expect(invites.getByRole("status")).toHaveText(`Invitation sent to ${memberEmail}.`);
  await expect(invites.getByRole("list", { name: "Open invitations" })).toContainText(memberEmail);

  // The member signs in elsewhere and accepts from the mailbox link.
  const memberContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const member = await memberContext.newPage();
  const link = await mailLink(member.request, memberEmail, "team-invite");
  await member.goto(`/sign-in?next=${encodeURIComponent(pathOf(link))}`);
  await new SignInPage(member).signIn(memberEmail, PASSWORD);
  await expect(member.getByTestId("invite-team")).toHaveText("Acme Research");
  await member.getByRole("button", { name: "Accept and join" }).click();
  await expect(member).toHaveURL(new RegExp(`/teams/${teamId}$`));
  await expect(member.getByText("Your role: member")).toBeVisible();
  // The link worked once.
  await member.goto(pathOf(link));
  await expect(member.getByRole("alert").filter({ hasText: "accepted already" })).toBeVisible();

  // The operator admin funds the pool (team billing comes later).
  const adminContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
  const admin = await adminContext.newPage();
  await signInAsAdmin(admin, admin.request);
  const funded = await admin.request.post(`/api/teams/${teamId}/fund`, {
    data: { amountPt: "200000", key: `e2e-${teamId}` },
  });
  expect(funded.status()).toBe(200);
  await adminContext.close();

  // The owner sees the pool and the member, and caps the member's day.
  await page.reload();
  await expect(page.getByTestId("pool-available")).toHaveText("200,000 PT");
  const row = page.getByTestId("team-member").filter({ hasText: memberEmail });
  await row.getByLabel("Daily cap (PT)").fill("50000");
  await row.getByRole("button", { name: "Save caps" }).click();
  await expect(row.getByRole("status")).toHaveText("Caps saved.");
  const team = (await (await page.request.get(`/api/teams/${teamId}`)).json()) as TeamBody;
  expect(team.team.members.find((m) => m.email === memberEmail)?.dailyCapPt).toBe("50000");
  expect(team.team.members.map((m) => m.email)).toContain(ownerEmail);

  // The member switches to the team's workspace and chats from the pool.
  const personalBefore = (await (await member.request.get("/api/pt/balance")).json()) as {
    available: string;
  };
  await member.goto("/chat");
  await member.getByTestId("workspace-switcher").selectOption({ label: "Acme Research" });
  await expect(member).toHaveURL(/\/chat$/);
  await expect(member.getByTestId("workspace-switcher")).toHaveValue(teamId);
  const chat = new ChatPage(member);
  // The header's balance is the team's pool in its workspace.
  await expect(member.getByText("Acme Research pool:")).toBeVisible();
  await expect(chat.balance()).toHaveAttribute("data-pt", "200000");
  await chat.send("Hello from the team workspace");
  const charge = chat.charges().first();
  await expect(charge).toBeVisible({ timeout: 30_000 });
  const charged = BigInt((await charge.getAttribute("data-pt")) ?? "NaN");
  expect(charged).toBeGreaterThan(0n);
  const after = (await (await member.request.get(`/api/teams/${teamId}`)).json()) as TeamBody;
  expect(BigInt(after.team.pool.available)).toBe(200_000n - charged);
  await expect(chat.balance()).toHaveAttribute("data-pt", String(200_000n - charged));
  const personalAfter = (await (await member.request.get("/api/pt/balance")).json()) as { available: string };
  expect(personalAfter.available).toBe(personalBefore.available);

  // The conversation lives in the team workspace: the personal one does not list it.
  await member.getByTestId("workspace-switcher").selectOption({ label: "Personal" });
  await expect(member.getByTestId("workspace-switcher")).toHaveValue("");
  await expect(chat.conversationLinks()).toHaveCount(0);
  await memberContext.close();
});
