-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('owner', 'admin', 'member', 'viewer');

-- CreateEnum
CREATE TYPE "TeamInviteStatus" AS ENUM ('pending', 'accepted', 'declined', 'revoked');

-- AlterEnum
ALTER TYPE "LedgerAccountType" ADD VALUE 'team';

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "teamId" UUID;

-- AlterTable
ALTER TABLE "ApiRequest" ADD COLUMN     "teamId" UUID;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "sharedAt" TIMESTAMPTZ(3),
ADD COLUMN     "teamId" UUID;

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "dailyCapPt" BIGINT,
    "createdBy" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "TeamRole" NOT NULL,
    "dailyCapPt" BIGINT,
    "monthlyCapPt" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamInvite" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" "TeamInviteStatus" NOT NULL DEFAULT 'pending',
    "openKey" TEXT,
    "invitedBy" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "sentCount" INTEGER NOT NULL DEFAULT 1,
    "respondedBy" UUID,
    "respondedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TeamInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamInvite_tokenHash_key" ON "TeamInvite"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "TeamInvite_openKey_key" ON "TeamInvite"("openKey");

-- CreateIndex
CREATE INDEX "TeamInvite_teamId_createdAt_idx" ON "TeamInvite"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "TeamInvite_email_status_idx" ON "TeamInvite"("email", "status");

-- CreateIndex
CREATE INDEX "ApiKey_teamId_createdAt_idx" ON "ApiKey"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiRequest_teamId_createdAt_idx" ON "ApiRequest"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Conversation_teamId_sharedAt_idx" ON "Conversation"("teamId", "sharedAt");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInvite" ADD CONSTRAINT "TeamInvite_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Caps are positive PT amounts when set.
ALTER TABLE "Team" ADD CONSTRAINT "Team_dailyCapPt_positive" CHECK ("dailyCapPt" IS NULL OR "dailyCapPt" > 0);
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_caps_positive"
  CHECK (("dailyCapPt" IS NULL OR "dailyCapPt" > 0) AND ("monthlyCapPt" IS NULL OR "monthlyCapPt" > 0));

-- The team gate of the admission statement (lib/teams/admission-gate.ts): called by the statement
-- after it has placed the hold, so after it took the team account's row lock, which every hold on
-- that account takes first. VOLATILE: each query below runs on a fresh snapshot, taken under that
-- lock, so it sees every earlier admission and settlement on the pool. The statement's own hold
-- (p_hold) is left out of the sums and p_amount added instead, whether or not the snapshot shows
-- it. Spend = open holds at their amount + settled holds at their charge, as in lib/ledger/spent.ts;
-- a member's holds carry metadata.memberId. Refuses by raising (P0001 'team_refused:<reason>'),
-- which rolls the whole statement back.
CREATE FUNCTION team_admission_check(p_account uuid, p_hold uuid, p_team uuid, p_user uuid, p_amount bigint,
                                     p_day timestamptz, p_month timestamptz)
RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  m_role "TeamRole";
  m_daily bigint;
  m_monthly bigint;
  t_daily bigint;
  spent bigint;
BEGIN
  SELECT role, "dailyCapPt", "monthlyCapPt" INTO m_role, m_daily, m_monthly
  FROM "TeamMember" WHERE "teamId" = p_team AND "userId" = p_user;
  IF NOT FOUND OR m_role = 'viewer' THEN
    RAISE EXCEPTION 'team_refused:not_member' USING ERRCODE = 'P0001';
  END IF;
  SELECT "dailyCapPt" INTO t_daily FROM "Team" WHERE id = p_team;
  IF t_daily IS NOT NULL THEN
    SELECT coalesce(sum(CASE h.status WHEN 'open' THEN h.amount WHEN 'settled' THEN h.charged ELSE 0 END), 0)
      INTO spent FROM "LedgerHold" h WHERE h."accountId" = p_account AND h.id <> p_hold AND h."createdAt" >= p_day;
    IF spent + p_amount > t_daily THEN
      RAISE EXCEPTION 'team_refused:team_daily' USING ERRCODE = 'P0001';
    END IF;
  END IF;
  IF m_daily IS NOT NULL THEN
    SELECT coalesce(sum(CASE h.status WHEN 'open' THEN h.amount WHEN 'settled' THEN h.charged ELSE 0 END), 0)
      INTO spent FROM "LedgerHold" h
      WHERE h."accountId" = p_account AND h.id <> p_hold AND h."createdAt" >= p_day AND h.metadata->>'memberId' = p_user::text;
    IF spent + p_amount > m_daily THEN
      RAISE EXCEPTION 'team_refused:member_daily' USING ERRCODE = 'P0001';
    END IF;
  END IF;
  IF m_monthly IS NOT NULL THEN
    SELECT coalesce(sum(CASE h.status WHEN 'open' THEN h.amount WHEN 'settled' THEN h.charged ELSE 0 END), 0)
      INTO spent FROM "LedgerHold" h
      WHERE h."accountId" = p_account AND h.id <> p_hold AND h."createdAt" >= p_month AND h.metadata->>'memberId' = p_user::text;
    IF spent + p_amount > m_monthly THEN
      RAISE EXCEPTION 'team_refused:member_monthly' USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN 1;
END $$;
