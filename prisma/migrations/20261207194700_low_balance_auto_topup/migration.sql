-- CreateEnum
CREATE TYPE "AutoTopUpChargeStatus" AS ENUM ('queued', 'submitted', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "LowBalanceAlert" (
    "accountId" UUID NOT NULL,
    "thresholdPt" BIGINT NOT NULL,
    "firedMark" BIGINT,
    "firedAt" TIMESTAMPTZ(3),
    "crossings" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LowBalanceAlert_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "AutoTopUp" (
    "accountId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "thresholdPt" BIGINT NOT NULL,
    "pack" TEXT NOT NULL,
    "maxPerDay" INTEGER NOT NULL,
    "firedMark" BIGINT,
    "crossings" INTEGER NOT NULL DEFAULT 0,
    "offReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutoTopUp_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "AutoTopUpCharge" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "crossing" INTEGER NOT NULL,
    "pack" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" "AutoTopUpChargeStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paymentIntentId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutoTopUpCharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AutoTopUp_userId_key" ON "AutoTopUp"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoTopUpCharge_paymentIntentId_key" ON "AutoTopUpCharge"("paymentIntentId");

-- CreateIndex
CREATE INDEX "AutoTopUpCharge_accountId_day_idx" ON "AutoTopUpCharge"("accountId", "day");

-- CreateIndex
CREATE INDEX "AutoTopUpCharge_status_nextAttemptAt_idx" ON "AutoTopUpCharge"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "AutoTopUpCharge_accountId_crossing_key" ON "AutoTopUpCharge"("accountId", "crossing");

-- Hand-written: what Prisma cannot express.
ALTER TABLE "LowBalanceAlert" ADD CONSTRAINT "LowBalanceAlert_thresholdPt_positive" CHECK ("thresholdPt" > 0);
ALTER TABLE "AutoTopUp" ADD CONSTRAINT "AutoTopUp_thresholdPt_positive" CHECK ("thresholdPt" > 0);
ALTER TABLE "AutoTopUp" ADD CONSTRAINT "AutoTopUp_maxPerDay_range" CHECK ("maxPerDay" BETWEEN 1 AND 10);
