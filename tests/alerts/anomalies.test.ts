// Cost anomaly detection on real ledger data: 14 days of usage then a day's spike, per user and
// per model, against the median of the 14 days before (days without usage count 0): above
// factor × median AND above the floor alerts (strictly above: exactly 3× does not), once per day and
// subject, by email to every admin, in-app, on Slack and to operator webhooks (cost.anomaly).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCostAnomalies } from "@/lib/alerts/anomalies";
import { runAlerts } from "@/lib/alerts/run";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { makeUser } from "@/tests/admin/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { settleUsage } from "@/tests/ops/recon-fixtures";

const DAY = "2031-03-20";
const at = (daysBefore: number, hour = 12) =>
  new Date(Date.parse(`${DAY}T00:00:00Z`) - daysBefore * 86_400_000 + hour * 3_600_000);

describe("cost anomalies", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const users = { steady: "", spiky: "", edge: "", fresh: "", small: "" };

  async function spend(userId: string, model: string, pt: bigint, daysBefore: number) {
    await settleUsage(p, {
      account: { kind: "user", userId },
      model,
      provider: "openai",
      pt,
      costMicroUsd: pt * 5n,
      at: at(daysBefore),
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    for (const name of Object.keys(users) as (keyof typeof users)[]) {
      users[name] = randomUUID();
      await grantCredits(p, {
        account: { kind: "user", userId: users[name] },
        amount: 10_000_000n,
        source: "purchase",
        key: `buy:${users[name]}`,
      });
    }
    // 14 days of baseline: steady, spiky and edge spend 1,000 PT a day on m1 (edge skips 4 days:
    // its median is still 1,000); small uses m2 a little every day.
    for (let d = 1; d <= 14; d++) {
      await spend(users.steady, "m1", 1_000n, d);
      await spend(users.spiky, "m1", 1_000n, d);
      if (d > 4) await spend(users.edge, "m1", 1_000n, d);
      await spend(users.small, "m2", 400n, d);
    }
    // The day: steady as usual, spiky 5×, edge exactly 3× (not above), fresh new and above the
    // floor (a median of 0), small 3× its median but under the floor.
    await spend(users.steady, "m1", 1_000n, 0);
    await spend(users.spiky, "m1", 5_000n, 0);
    await spend(users.edge, "m1", 3_000n, 0);
    await spend(users.fresh, "m1", 2_500n, 0);
    await spend(users.small, "m2", 1_300n, 0);
    // Usage the day after is not part of the day.
    await spend(users.steady, "m1", 90_000n, -1);
  });
  afterAll(async () => db?.cleanup());

  it("finds users and models above factor × their 14-day median and above the floor", async () => {
    const found = await findCostAnomalies(p, { day: DAY, factorHundredths: 300n, floorPt: 2_000n });
    expect(found.map((a) => [a.kind, a.id, a.spentPt, a.twiceMedianPt, a.activeDays])).toEqual([
      // m1's baseline days hold 2,000 (the 4 days without edge) and 3,000 (10 days): median 3,000;
      // the day's 11,500 is above 9,000.
      ["model", "m1", 11_500n, 6_000n, 14],
      ["user", users.spiky, 5_000n, 2_000n, 14],
      ["user", users.fresh, 2_500n, 0n, 0],
    ]);
    // A factor of 2.5 also takes edge (3,000 > 2,500); a floor above 5,000 leaves only m1.
    const lower = await findCostAnomalies(p, { day: DAY, factorHundredths: 250n, floorPt: 2_000n });
    expect(lower.map((a) => a.id)).toContain(users.edge);
    const high = await findCostAnomalies(p, { day: DAY, factorHundredths: 300n, floorPt: 5_000n });
    expect(high.map((a) => a.id)).toEqual(["m1"]);
  });

  it("alerts every admin channel once per subject and day, however often the job runs", async () => {
    const admin = await makeUser(p, "ADMIN", true);
    const actor = { userId: admin.id };
    await createEndpoint(
      p,
      actor,
      { userId: null },
      { url: "http://127.0.0.1:9/ops", events: ["cost.anomaly"] },
    );
    await createEndpoint(
      p,
      actor,
      { userId: null },
      { url: "https://hooks.slack.com/services/T/B/x", format: "slack" },
    );
    const options = { day: DAY, factorHundredths: 300n, floorPt: 2_000n };
    expect(await runAlerts(p, options)).toEqual({
      anomalies: 3,
      anomaliesFired: 3,
      rulesEvaluated: 0,
      rulesFired: 0,
    });
    expect(await runAlerts(p, options)).toEqual({
      anomalies: 3,
      anomaliesFired: 0,
      rulesEvaluated: 0,
      rulesFired: 0,
    });

    const firings = await p.alertFiring.findMany({ orderBy: { subject: "asc" } });
    expect(firings.map((f) => [f.kind, f.subject, f.value])).toEqual(
      [
        ["anomaly", "model:m1", 11_500n],
        ["anomaly", `user:${users.fresh}`, 2_500n],
        ["anomaly", `user:${users.spiky}`, 5_000n],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    const mails = await p.emailOutbox.findMany({ where: { userId: admin.id } });
    expect(mails).toHaveLength(3);
    const spiky = mails.find((m) => JSON.stringify(m.data).includes(users.spiky));
    expect((spiky?.data as { subject?: string } | undefined)?.subject).toBe(
      `Cost anomaly: user ${users.spiky} spent 5,000 PT on ${DAY}`,
    );
    expect(JSON.stringify(spiky?.data)).toContain("median over the 14 days before was 1,000 PT");
    expect(await p.notification.count({ where: { userId: admin.id, kind: "cost_anomaly" } })).toBe(3);
    const events = await p.webhookDelivery.findMany({ select: { eventType: true, payload: true } });
    expect(events.filter((e) => e.eventType === "admin.alert")).toHaveLength(3);
    const anomalyEvents = events.filter((e) => e.eventType === "cost.anomaly");
    expect(anomalyEvents).toHaveLength(3);
    expect(anomalyEvents.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({
        type: "cost.anomaly",
        data: expect.objectContaining({
          subject: "model",
          model: "m1",
          spentPt: "11500",
          baselineMedianPt: "3000",
          factor: "3",
          floorPt: "2000",
        }),
      }),
    );
  });
});
