-- CreateEnum
CREATE TYPE "PriceProposalStatus" AS ENUM ('pending', 'approved', 'rejected', 'superseded');

-- CreateTable
CREATE TABLE "PriceSyncSource" (
    "url" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "entries" JSONB NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PriceSyncSource_pkey" PRIMARY KEY ("url")
);

-- CreateTable
CREATE TABLE "PriceProposal" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "basePriceId" UUID NOT NULL,
    "rates" JSONB NOT NULL,
    "marginBps" INTEGER,
    "source" TEXT NOT NULL,
    "status" "PriceProposalStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedBy" UUID,
    "appliedPriceId" UUID,

    CONSTRAINT "PriceProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PriceProposal_key_key" ON "PriceProposal"("key");

-- CreateIndex
CREATE INDEX "PriceProposal_status_createdAt_idx" ON "PriceProposal"("status", "createdAt");
