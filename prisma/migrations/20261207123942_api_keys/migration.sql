-- CreateEnum
CREATE TYPE "ApiRequestStatus" AS ENUM ('streaming', 'complete', 'aborted', 'error');

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "models" TEXT[],
    "budgetPt" BIGINT,
    "monthlyBudgetPt" BIGINT,
    "requestsPerMinute" INTEGER,
    "concurrentRequests" INTEGER,
    "logBodies" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "lastUsedIp" TEXT,
    "spentPt" BIGINT NOT NULL DEFAULT 0,
    "reservedPt" BIGINT NOT NULL DEFAULT 0,
    "monthSpentPt" BIGINT NOT NULL DEFAULT 0,
    "monthKey" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiRequest" (
    "id" UUID NOT NULL,
    "keyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "stream" BOOLEAN NOT NULL,
    "status" "ApiRequestStatus" NOT NULL DEFAULT 'streaming',
    "holdId" UUID,
    "ptReserved" BIGINT NOT NULL,
    "ptCharged" BIGINT,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "providerCostMicroUsd" BIGINT,
    "durationMs" INTEGER,
    "requestBody" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");

-- CreateIndex
CREATE INDEX "ApiKey_userId_createdAt_idx" ON "ApiKey"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiRequest_keyId_createdAt_idx" ON "ApiRequest"("keyId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiRequest_userId_createdAt_idx" ON "ApiRequest"("userId", "createdAt");

-- The key's counters never go negative, and a key never holds more than its budgets allow
-- (the admission statement checks them under the row lock; these make a bug fail loudly).
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_counters_check"
  CHECK ("spentPt" >= 0 AND "reservedPt" >= 0 AND "monthSpentPt" >= 0);
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_prefix_check" CHECK (prefix IN ('lc_live_', 'lc_test_'));
