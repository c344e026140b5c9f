// The /api/cron/[job] handler (beside its route: it is built on the wrappers, which lib/ domains
// never import): Vercel cron (or any caller holding CRON_SECRET) triggers one job
// for the current period, on the wrapper's database (ctx.db). Built from a clock so tests can fix
// the period.
import type { CronOutcome } from "@/lib/cron/run-job";
import { runCronJob } from "@/lib/cron/run-job";
import { isCronJobName } from "@/lib/cron/schedule";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import type { RouteHandler } from "@/lib/http/route";
import { withCron } from "@/lib/http/wrappers";

export function cronRouteHandler(clock: () => Date = () => new Date()): RouteHandler {
  return withCron({}, async ({ params, db }) => {
    const job = params.job;
    if (!isCronJobName(job)) throw new AppError("not_found", "No such cron job.");
    const result: CronOutcome = await runCronJob(db, job, { now: clock() });
    // A failed run answers 500 so the scheduler's own dashboard shows it; the error stays in our logs.
    if (result.outcome === "failed") {
      return json(
        { job, runKey: result.runKey, outcome: "failed", attempt: result.attempt },
        { status: 500 },
      );
    }
    return json(result);
  });
}
