-- CreateEnum
CREATE TYPE "AlertMetric" AS ENUM ('provider_cost', 'pt_used', 'margin_percent', 'request_count');

-- CreateEnum
CREATE TYPE "AlertComparator" AS ENUM ('gt', 'gte', 'lt', 'lte');

-- CreateEnum
CREATE TYPE "AlertWindow" AS ENUM ('day');

-- AlterTable
ALTER TABLE "LedgerAccount" ADD COLUMN     "monthKey" TEXT,
ADD COLUMN     "monthSpentPt" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Budget" (
    "accountId" UUID NOT NULL,
    "amountPt" BIGINT NOT NULL,
    "hardStop" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "spentPt" BIGINT NOT NULL,
    "budgetPt" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "metric" "AlertMetric" NOT NULL,
    "provider" TEXT,
    "model" TEXT,
    "comparator" "AlertComparator" NOT NULL,
    "threshold" BIGINT NOT NULL,
    "window" "AlertWindow" NOT NULL DEFAULT 'day',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertFiring" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "ruleId" UUID,
    "day" DATE NOT NULL,
    "value" BIGINT NOT NULL,
    "detail" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertFiring_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BudgetAlert_accountId_month_threshold_key" ON "BudgetAlert"("accountId", "month", "threshold");

-- CreateIndex
CREATE INDEX "AlertFiring_createdAt_idx" ON "AlertFiring"("createdAt");

-- CreateIndex
CREATE INDEX "AlertFiring_ruleId_day_idx" ON "AlertFiring"("ruleId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AlertFiring_kind_subject_day_key" ON "AlertFiring"("kind", "subject", "day");

-- Hand-written: what Prisma cannot express.
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_monthSpentPt_nonnegative" CHECK ("monthSpentPt" >= 0);
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_amountPt_positive" CHECK ("amountPt" > 0);
ALTER TABLE "BudgetAlert" ADD CONSTRAINT "BudgetAlert_threshold_check" CHECK ("threshold" IN (50, 80, 100));
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_threshold_check"
  CHECK ("metric" = 'margin_percent' OR "threshold" >= 0);

-- The month's usage so far, so budgets set in the month of this deployment start from the truth:
-- every usage transaction's debit of a user or guest account since the first of the month (UTC).
UPDATE "LedgerAccount" a
SET "monthKey" = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), "monthSpentPt" = s.pt
FROM (
  SELECT e."accountId", -sum(e.amount) AS pt
  FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
  WHERE t.kind = 'usage' AND e.amount < 0
    AND t."createdAt" >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
  GROUP BY e."accountId"
) s
WHERE a.id = s."accountId" AND a.type <> 'system';
