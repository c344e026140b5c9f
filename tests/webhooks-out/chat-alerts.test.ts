// Slack and Discord alert channels: operator endpoints of those formats receive every admin alert
// (here: a margin drop found by reconciliation) through the webhook outbox, as each service's
// message shape, escaped, unsigned; users cannot create them; standard endpoints never get alerts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notifyAdmins } from "@/lib/email/notify-admins";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { notifyReconciliation } from "@/lib/reconciliation/notify";
import { chatBody } from "@/lib/webhooks-out/chat-format";
import { deliverWebhooks } from "@/lib/webhooks-out/deliver";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks-out/events";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";
import { type Receiver, startReceiver } from "./receiver";

describe("chatBody", () => {
  const payload = {
    data: { subject: "Margin <low> & bad", paragraphs: ["*bold* @everyone"], url: "http://a.test/x" },
  };
  it("escapes Slack's and Discord's markup and never pings", () => {
    const slack = chatBody("slack", payload) as { text: string; blocks: { text?: { text: string } }[] };
    expect(slack.text).toBe("Margin &lt;low&gt; &amp; bad");
    expect(slack.blocks[0]?.text?.text).toContain("*Margin &lt;low&gt; &amp; bad*");
    const discord = chatBody("discord", payload) as {
      allowed_mentions: { parse: string[] };
      embeds: { title: string; description: string; url: string }[];
    };
    expect(discord.allowed_mentions.parse).toEqual([]);
    expect(discord.embeds[0]).toMatchObject({ title: "Margin <low> & bad", url: "http://a.test/x" });
    expect(discord.embeds[0]?.description).toBe("\\*bold\\* \\@everyone");
  });
});

describe("Slack and Discord alert channels", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let rx: Receiver;
  let adminId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx.close();
    await db.cleanup();
  });
  beforeEach(async () => {
    await truncateAll(p);
    rx.received.length = 0;
    adminId = await createUser(p);
    await p.user.update({ where: { id: adminId }, data: { role: "ADMIN" } });
  });

  const channel = (format: "slack" | "discord", path: string) =>
    createEndpoint(p, { userId: adminId }, { userId: null }, { url: rx.url.replace("/hook", path), format });

  it("a margin drop reaches Slack and Discord once each, in their shapes", async () => {
    await channel("slack", "/slack");
    await channel("discord", "/discord");
    await createEndpoint(
      p,
      { userId: adminId },
      { userId: null },
      { url: rx.url, events: [...WEBHOOK_EVENT_TYPES] },
    );
    const notice = {
      runId: "00000000-0000-4000-8000-0000000000aa",
      day: "2030-01-02",
      issues: [
        {
          severity: "warning" as const,
          kind: "margin_below_threshold",
          message: "gpt-4o: margin 12% is under 40%",
          refs: {},
        },
      ],
    };
    await notifyReconciliation(p, notice);
    await notifyReconciliation(p, notice);
    expect(await deliverWebhooks(p, { http: { allowLoopback: true } })).toMatchObject({ delivered: 3 });
    const byPath = Object.fromEntries(rx.received.map((r) => [r.path, r]));
    const slack = JSON.parse(byPath["/slack"]?.body ?? "{}");
    expect(slack.text).toMatch(/Reconciliation for 2030-01-02/);
    expect(JSON.stringify(slack.blocks)).toContain("margin 12% is under 40%");
    expect(byPath["/slack"]?.headers["webhook-signature"]).toBeUndefined();
    const discord = JSON.parse(byPath["/discord"]?.body ?? "{}");
    expect(discord.embeds[0].description).toContain("margin 12% is under 40%");
    // The standard endpoint got the margin.alert event, not the chat alert.
    expect(JSON.parse(byPath["/hook"]?.body ?? "{}").type).toBe("margin.alert");
    expect(rx.received).toHaveLength(3);
  });

  it("any admin notice goes to the channels; users cannot create a chat channel", async () => {
    await channel("slack", "/slack");
    await notifyAdmins(p, {
      subject: "A subscription payment failed",
      paragraphs: ["invoice in_1"],
      dedupeKey: "pf:1",
    });
    expect(await p.webhookDelivery.count({ where: { eventType: "admin.alert" } })).toBe(1);
    const userId = await createUser(p);
    await expect(
      createEndpoint(p, { userId }, { userId }, { url: rx.url, format: "slack" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });
});
