-- CreateEnum
CREATE TYPE "LedgerAccountType" AS ENUM ('user', 'guest', 'system');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('grant', 'purchase', 'usage', 'refund', 'adjustment', 'expiry', 'chargeback', 'transfer');

-- CreateEnum
CREATE TYPE "GrantSource" AS ENUM ('allowance', 'trial', 'promo', 'adjustment', 'purchase');

-- CreateEnum
CREATE TYPE "HoldStatus" AS ENUM ('open', 'settled', 'released', 'expired');

-- CreateEnum
CREATE TYPE "PriceTier" AS ENUM ('free', 'pro', 'max');

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" UUID NOT NULL,
    "type" "LedgerAccountType" NOT NULL,
    "ownerId" TEXT,
    "code" TEXT,
    "posted" BIGINT NOT NULL DEFAULT 0,
    "pending" BIGINT NOT NULL DEFAULT 0,
    "debt" BIGINT NOT NULL DEFAULT 0,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerTransaction" (
    "id" UUID NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "actor" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "transactionId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "balanceAfter" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerGrant" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "source" "GrantSource" NOT NULL,
    "priority" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "remaining" BIGINT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerGrantDraw" (
    "id" BIGSERIAL NOT NULL,
    "grantId" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerGrantDraw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerHold" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" "HoldStatus" NOT NULL DEFAULT 'open',
    "charged" BIGINT,
    "transactionId" UUID,
    "metadata" JSONB,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LedgerHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "ptPerMInput" BIGINT NOT NULL,
    "ptPerMOutput" BIGINT NOT NULL,
    "costMicroUsdPerMInput" BIGINT NOT NULL,
    "costMicroUsdPerMOutput" BIGINT NOT NULL,
    "tier" "PriceTier" NOT NULL,
    "effectiveFrom" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_code_key" ON "LedgerAccount"("code");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_type_ownerId_key" ON "LedgerAccount"("type", "ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_idempotencyKey_key" ON "LedgerTransaction"("idempotencyKey");

-- CreateIndex
CREATE INDEX "LedgerEntry_transactionId_idx" ON "LedgerEntry"("transactionId");

-- CreateIndex
CREATE INDEX "LedgerEntry_accountId_id_idx" ON "LedgerEntry"("accountId", "id");

-- CreateIndex
CREATE INDEX "LedgerGrant_accountId_remaining_idx" ON "LedgerGrant"("accountId", "remaining");

-- CreateIndex
CREATE INDEX "LedgerGrant_expiresAt_idx" ON "LedgerGrant"("expiresAt");

-- CreateIndex
CREATE INDEX "LedgerGrantDraw_grantId_idx" ON "LedgerGrantDraw"("grantId");

-- CreateIndex
CREATE INDEX "LedgerGrantDraw_transactionId_idx" ON "LedgerGrantDraw"("transactionId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerHold_key_key" ON "LedgerHold"("key");

-- CreateIndex
CREATE INDEX "LedgerHold_accountId_status_idx" ON "LedgerHold"("accountId", "status");

-- CreateIndex
CREATE INDEX "LedgerHold_status_expiresAt_idx" ON "LedgerHold"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPrice_model_effectiveFrom_key" ON "ModelPrice"("model", "effectiveFrom");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerGrant" ADD CONSTRAINT "LedgerGrant_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerGrant" ADD CONSTRAINT "LedgerGrant_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerGrantDraw" ADD CONSTRAINT "LedgerGrantDraw_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "LedgerGrant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerGrantDraw" ADD CONSTRAINT "LedgerGrantDraw_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerHold" ADD CONSTRAINT "LedgerHold_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerHold" ADD CONSTRAINT "LedgerHold_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── Hand-written: invariants Prisma's schema language cannot express ─────────────────────────

-- User and guest balances never go below their holds; debt and pending are never negative.
-- System accounts carry no projection at all (their balance is the sum of their entries).
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_available_nonnegative"
  CHECK ("type" = 'system' OR ("pending" >= 0 AND "debt" >= 0 AND "posted" - "pending" >= 0));
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_system_shape"
  CHECK (("type" = 'system') = ("code" IS NOT NULL)
     AND ("type" = 'system') = ("ownerId" IS NULL)
     AND ("type" <> 'system' OR ("posted" = 0 AND "pending" = 0 AND "debt" = 0)));
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_amount_nonzero" CHECK ("amount" <> 0);
ALTER TABLE "LedgerGrant" ADD CONSTRAINT "LedgerGrant_amounts"
  CHECK ("amount" > 0 AND "remaining" >= 0 AND "remaining" <= "amount");
ALTER TABLE "LedgerGrantDraw" ADD CONSTRAINT "LedgerGrantDraw_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "LedgerHold" ADD CONSTRAINT "LedgerHold_amounts"
  CHECK ("amount" > 0 AND ("charged" IS NULL OR ("charged" >= 0 AND "charged" <= "amount")));
ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_amounts"
  CHECK ("ptPerMInput" >= 0 AND "ptPerMOutput" >= 0 AND "ptPerMInput" + "ptPerMOutput" > 0
     AND "costMicroUsdPerMInput" >= 0 AND "costMicroUsdPerMOutput" >= 0);

-- Every ledger transaction sums to zero, checked at COMMIT (entries are inserted one by one).
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total numeric;
BEGIN
  SELECT sum("amount") INTO total FROM "LedgerEntry" WHERE "transactionId" = NEW."transactionId";
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (sum %)', NEW."transactionId", total
      USING ERRCODE = '23514', CONSTRAINT = 'LedgerEntry_transaction_balanced';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "LedgerEntry_transaction_balanced" AFTER INSERT ON "LedgerEntry"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

-- Append-only tables: a mistake is fixed by a compensating transaction, never by an edit.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER "LedgerTransaction_append_only" BEFORE UPDATE OR DELETE ON "LedgerTransaction"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerGrantDraw_append_only" BEFORE UPDATE OR DELETE ON "LedgerGrantDraw"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "ModelPrice_append_only" BEFORE UPDATE OR DELETE ON "ModelPrice"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerAccount_no_delete" BEFORE DELETE ON "LedgerAccount"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerGrant_no_delete" BEFORE DELETE ON "LedgerGrant"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerHold_no_delete" BEFORE DELETE ON "LedgerHold"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- A grant's only mutable field is its remaining projection, and it only goes down.
CREATE FUNCTION ledger_grant_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."id" <> OLD."id" OR NEW."accountId" <> OLD."accountId" OR NEW."amount" <> OLD."amount"
     OR NEW."source" <> OLD."source" OR NEW."priority" <> OLD."priority"
     OR NEW."expiresAt" IS DISTINCT FROM OLD."expiresAt" OR NEW."remaining" > OLD."remaining" THEN
    RAISE EXCEPTION 'LedgerGrant %: only a decrease of remaining is allowed', OLD."id" USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "LedgerGrant_guard" BEFORE UPDATE ON "LedgerGrant"
  FOR EACH ROW EXECUTE FUNCTION ledger_grant_guard();

-- A hold closes exactly once (open → settled | released | expired) and its terms never change.
CREATE FUNCTION ledger_hold_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" <> 'open' OR NEW."id" <> OLD."id" OR NEW."key" <> OLD."key"
     OR NEW."accountId" <> OLD."accountId" OR NEW."amount" <> OLD."amount" THEN
    RAISE EXCEPTION 'LedgerHold %: only one close of an open hold is allowed', OLD."id" USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "LedgerHold_guard" BEFORE UPDATE ON "LedgerHold"
  FOR EACH ROW EXECUTE FUNCTION ledger_hold_guard();

-- Lets a single SQL statement abort itself (used by settle when it cannot draw the full charge).
CREATE FUNCTION ledger_fail(message text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', message USING ERRCODE = 'P0001', HINT = 'ledger_retry';
END $$;
