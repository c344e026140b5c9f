// GET/PUT/DELETE /api/account/budget: the signed-in user's monthly budget (PT, optional hard stop),
// with this month's usage and the alerts already sent. Answers the status after every change.
import { budgetStatus, removeBudget, setBudget } from "@/lib/budgets/budgets";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { BudgetRequest } from "./schema";

const own = (userId: string) => ({ kind: "user" as const, userId });

export const GET = withUser({}, async ({ principal, db }) => budgetStatus(db, own(principal.userId)));

export const PUT = withUser({ body: BudgetRequest, maxBodyBytes: 1024 }, async ({ principal, body, db }) => {
  await setBudget(db, own(principal.userId), body);
  return budgetStatus(db, own(principal.userId));
});

export const DELETE = withUser({}, async ({ principal, db }) => {
  await removeBudget(db, own(principal.userId));
  return budgetStatus(db, own(principal.userId));
});

export const { HEAD, POST, PATCH, OPTIONS } = otherMethods({ GET, PUT, DELETE });
