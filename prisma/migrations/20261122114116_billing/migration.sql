-- CreateEnum
CREATE TYPE "CheckoutKind" AS ENUM ('plan', 'pack');

-- CreateEnum
CREATE TYPE "CheckoutStatus" AS ENUM ('pending', 'completed', 'expired', 'review');

-- CreateEnum
CREATE TYPE "StripeEventStatus" AS ENUM ('received', 'processing', 'applied', 'ignored', 'failed', 'dead');

-- CreateEnum
CREATE TYPE "PaymentKind" AS ENUM ('topup', 'subscription');

-- CreateTable
CREATE TABLE "BillingCustomer" (
    "userId" UUID NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingCustomer_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "BillingSubscription" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "plan" "Plan" NOT NULL,
    "priceId" TEXT,
    "itemId" TEXT,
    "status" TEXT NOT NULL,
    "currentPeriodEnd" TIMESTAMPTZ(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "version" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutIntent" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "CheckoutKind" NOT NULL,
    "productId" TEXT NOT NULL,
    "status" "CheckoutStatus" NOT NULL DEFAULT 'pending',
    "openKey" TEXT,
    "stripeSessionId" TEXT,
    "url" TEXT,
    "expectedAmountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "expectedPt" BIGINT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckoutIntent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "objectId" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "payload" JSONB NOT NULL,
    "stripeCreated" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "StripeEventStatus" NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "note" TEXT,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "PaymentKind" NOT NULL,
    "sourceId" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "pt" BIGINT NOT NULL,
    "grantId" TEXT,
    "subscriptionId" TEXT,
    "periodEnd" TIMESTAMPTZ(3),
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "refundedPt" BIGINT NOT NULL DEFAULT 0,
    "chargebackPt" BIGINT NOT NULL DEFAULT 0,
    "description" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingDispute" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "chargeId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "frozeAccount" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingDispute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingCustomer_stripeCustomerId_key" ON "BillingCustomer"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "BillingSubscription_userId_idx" ON "BillingSubscription"("userId");

-- CreateIndex
CREATE INDEX "BillingSubscription_currentPeriodEnd_idx" ON "BillingSubscription"("currentPeriodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutIntent_openKey_key" ON "CheckoutIntent"("openKey");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutIntent_stripeSessionId_key" ON "CheckoutIntent"("stripeSessionId");

-- CreateIndex
CREATE INDEX "CheckoutIntent_userId_createdAt_idx" ON "CheckoutIntent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "CheckoutIntent_status_createdAt_idx" ON "CheckoutIntent"("status", "createdAt");

-- CreateIndex
CREATE INDEX "StripeEvent_status_nextAttemptAt_idx" ON "StripeEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "StripeEvent_objectId_idx" ON "StripeEvent"("objectId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_sourceId_key" ON "Payment"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_paymentIntentId_key" ON "Payment"("paymentIntentId");

-- CreateIndex
CREATE INDEX "Payment_userId_createdAt_idx" ON "Payment"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Payment_subscriptionId_idx" ON "Payment"("subscriptionId");

-- CreateIndex
CREATE INDEX "BillingDispute_userId_idx" ON "BillingDispute"("userId");
