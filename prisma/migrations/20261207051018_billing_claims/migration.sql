-- AlterTable
ALTER TABLE "CheckoutIntent" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PlanSwitch" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "openKey" TEXT,
    "fromPlan" "Plan" NOT NULL,
    "toPlan" "Plan" NOT NULL,
    "fromVersion" BIGINT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanSwitch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlanSwitch_openKey_key" ON "PlanSwitch"("openKey");

-- CreateIndex
CREATE INDEX "PlanSwitch_userId_createdAt_idx" ON "PlanSwitch"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanSwitch_subscriptionId_idx" ON "PlanSwitch"("subscriptionId");
