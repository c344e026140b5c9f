-- CreateIndex
CREATE INDEX "LedgerHold_accountId_createdAt_idx" ON "LedgerHold"("accountId", "createdAt");
