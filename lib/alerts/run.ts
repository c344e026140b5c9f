// The nightly alerts job for one UTC day (cron "alerts", after the reconciliation): cost anomalies
// of users and models, then the admins' custom rules. Each firing is recorded and delivered once
// per subject and day (fire.ts), so a retried or repeated run sends nothing twice.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { formatPt, formatPtValue } from "@/lib/money/pt";
import { type Anomaly, BASELINE_DAYS, findCostAnomalies, formatFactor } from "./anomalies";
import { evaluateRules } from "./evaluate-rules";
import { fireAlert } from "./fire";
import { COMPARATOR_SYMBOL, formatMetricValue, METRIC_INFO } from "./metrics";

export type AlertsOptions = { day: string; factorHundredths?: bigint; floorPt?: bigint };
export type AlertsResult = {
  anomalies: number;
  anomaliesFired: number;
  rulesEvaluated: number;
  rulesFired: number;
};

function anomalyNotice(a: Anomaly, factor: bigint, floor: bigint) {
  const who = a.kind === "user" ? `user ${a.id}` : `model ${a.id}`;
  const median = a.twiceMedianPt / 2n;
  return {
    subject: `Cost anomaly: ${who} spent ${formatPt(a.spentPt)} on ${a.day}`,
    paragraphs: [
      `${a.kind === "user" ? "User" : "Model"} ${a.id} spent ${formatPt(a.spentPt)} (${formatPtValue(a.spentPt)} at list price) on ${a.day} (UTC).`,
      `Its median over the ${BASELINE_DAYS} days before was ${formatPt(median)}${a.twiceMedianPt % 2n ? " and a half" : ""} (usage on ${a.activeDays} of them).`,
      `Alerting above ${formatFactor(factor)}× the median and above ${formatPt(floor)} (ANOMALY_FACTOR, ANOMALY_FLOOR_PT).`,
    ],
    path: a.kind === "user" ? `/admin/users/${a.id}` : "/admin/alerts",
  };
}

export async function runAlerts(db: Db, options: AlertsOptions): Promise<AlertsResult> {
  const e = env();
  const factor = options.factorHundredths ?? e.ANOMALY_FACTOR;
  const floor = options.floorPt ?? e.ANOMALY_FLOOR_PT;
  const result: AlertsResult = { anomalies: 0, anomaliesFired: 0, rulesEvaluated: 0, rulesFired: 0 };

  const anomalies = await findCostAnomalies(db, {
    day: options.day,
    factorHundredths: factor,
    floorPt: floor,
  });
  result.anomalies = anomalies.length;
  for (const a of anomalies) {
    const fired = await fireAlert(db, {
      kind: "anomaly",
      subject: `${a.kind}:${a.id}`,
      day: a.day,
      value: a.spentPt,
      detail: {
        subjectKind: a.kind,
        id: a.id,
        spentPt: a.spentPt,
        twiceMedianPt: a.twiceMedianPt,
        activeDays: a.activeDays,
      },
      notice: anomalyNotice(a, factor, floor),
      event: {
        type: "cost.anomaly",
        data: {
          subject: a.kind,
          ...(a.kind === "user" ? { userId: a.id } : { model: a.id }),
          spentPt: a.spentPt,
          baselineMedianPt: (a.twiceMedianPt / 2n).toString(),
          baselineDays: BASELINE_DAYS,
          factor: formatFactor(factor),
          floorPt: floor,
        },
      },
    });
    if (fired) result.anomaliesFired += 1;
  }

  const outcomes = await evaluateRules(db, options.day);
  result.rulesEvaluated = outcomes.length;
  for (const { rule, value, fired } of outcomes) {
    if (!fired || value === null) continue;
    const filters = [rule.provider && `provider ${rule.provider}`, rule.model && `model ${rule.model}`]
      .filter(Boolean)
      .join(", ");
    const condition = `${METRIC_INFO[rule.metric].label}${filters ? ` (${filters})` : ""} ${COMPARATOR_SYMBOL[rule.comparator]} ${formatMetricValue(rule.metric, rule.threshold)}`;
    const sent = await fireAlert(db, {
      kind: "rule",
      subject: `rule:${rule.id}`,
      ruleId: rule.id,
      day: options.day,
      value,
      detail: { name: rule.name, condition, value: formatMetricValue(rule.metric, value) },
      notice: {
        subject: `Alert rule "${rule.name}" fired for ${options.day}`,
        paragraphs: [
          `${condition}: the value on ${options.day} (UTC) was ${formatMetricValue(rule.metric, value)}.`,
        ],
        path: "/admin/alerts",
      },
      event: {
        type: "alert.triggered",
        data: {
          ruleId: rule.id,
          name: rule.name,
          metric: rule.metric,
          comparator: rule.comparator,
          threshold: rule.threshold,
          provider: rule.provider,
          model: rule.model,
          value,
        },
      },
    });
    if (sent) result.rulesFired += 1;
  }
  return result;
}
