-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "billingEmail" TEXT,
ADD COLUMN     "stripeCustomerId" TEXT;

-- AlterTable
ALTER TABLE "CheckoutIntent" ADD COLUMN     "quantity" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "teamId" UUID;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "teamId" UUID;

-- CreateTable
CREATE TABLE "TeamSubscription" (
    "id" TEXT NOT NULL,
    "teamId" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "priceId" TEXT,
    "itemId" TEXT,
    "seats" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "currentPeriodStart" TIMESTAMPTZ(3),
    "currentPeriodEnd" TIMESTAMPTZ(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "version" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TeamSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamSeatChange" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "openKey" TEXT,
    "fromSeats" INTEGER NOT NULL,
    "toSeats" INTEGER NOT NULL,
    "claimedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamSeatChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_stripeCustomerId_key" ON "Team"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "CheckoutIntent_teamId_createdAt_idx" ON "CheckoutIntent"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Payment_teamId_createdAt_idx" ON "Payment"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "TeamSubscription_teamId_idx" ON "TeamSubscription"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamSeatChange_openKey_key" ON "TeamSeatChange"("openKey");

-- CreateIndex
CREATE INDEX "TeamSeatChange_teamId_createdAt_idx" ON "TeamSeatChange"("teamId", "createdAt");

-- Team auto top-up: a user may set their own and a team's, so userId is no longer unique.
DROP INDEX "AutoTopUp_userId_key";

-- AlterTable
ALTER TABLE "AutoTopUp" ADD COLUMN     "teamId" UUID;

-- AlterTable
ALTER TABLE "AutoTopUpCharge" ADD COLUMN     "teamId" UUID;

-- CreateIndex
CREATE INDEX "AutoTopUp_userId_idx" ON "AutoTopUp"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoTopUp_teamId_key" ON "AutoTopUp"("teamId");

-- CreateIndex
CREATE INDEX "AutoTopUpCharge_teamId_createdAt_idx" ON "AutoTopUpCharge"("teamId", "createdAt");
