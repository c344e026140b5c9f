-- CreateEnum
CREATE TYPE "CronRunStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "IssueSeverity" AS ENUM ('error', 'warning', 'info');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('investigating', 'identified', 'monitoring', 'resolved');

-- CreateTable
CREATE TABLE "CronRun" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "runKey" TEXT NOT NULL,
    "status" "CronRunStatus" NOT NULL DEFAULT 'running',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "leaseUntil" TIMESTAMPTZ(3) NOT NULL,
    "stats" JSONB,
    "error" TEXT,

    CONSTRAINT "CronRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "errors" INTEGER NOT NULL,
    "warnings" INTEGER NOT NULL,
    "infos" INTEGER NOT NULL,
    "healed" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL,

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationIssue" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "severity" "IssueSeverity" NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "refs" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyStatement" (
    "id" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "ownerType" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "openingPt" BIGINT NOT NULL,
    "closingPt" BIGINT NOT NULL,
    "ptGranted" BIGINT NOT NULL,
    "ptPurchased" BIGINT NOT NULL,
    "ptUsed" BIGINT NOT NULL,
    "ptExpired" BIGINT NOT NULL,
    "ptRefunded" BIGINT NOT NULL,
    "ptClawedBack" BIGINT NOT NULL,
    "ptTransferred" BIGINT NOT NULL,
    "revenueMicroUsd" BIGINT NOT NULL,
    "providerCostMicroUsd" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CronRun_job_startedAt_idx" ON "CronRun"("job", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CronRun_job_runKey_key" ON "CronRun"("job", "runKey");

-- CreateIndex
CREATE INDEX "ReconciliationRun_day_idx" ON "ReconciliationRun"("day");

-- CreateIndex
CREATE INDEX "ReconciliationIssue_runId_severity_idx" ON "ReconciliationIssue"("runId", "severity");

-- CreateIndex
CREATE INDEX "ReconciliationIssue_kind_createdAt_idx" ON "ReconciliationIssue"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "MonthlyStatement_ownerType_ownerId_month_idx" ON "MonthlyStatement"("ownerType", "ownerId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyStatement_month_accountId_key" ON "MonthlyStatement"("month", "accountId");

-- CreateIndex
CREATE INDEX "Incident_createdAt_idx" ON "Incident"("createdAt");

-- AddForeignKey
ALTER TABLE "ReconciliationIssue" ADD CONSTRAINT "ReconciliationIssue_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReconciliationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written ──────────────────────────────────────────────────────────────────────────────
-- Monthly statements are frozen at month end: never updated or deleted (a correction is a later
-- compensating ledger transaction, which shows in the month it happens).
CREATE FUNCTION ops_frozen_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are frozen (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER "MonthlyStatement_frozen" BEFORE UPDATE OR DELETE ON "MonthlyStatement"
  FOR EACH ROW EXECUTE FUNCTION ops_frozen_row();
