-- A chargeback on a team purchase acts on the team pool (lib/billing/team-disputes.ts).
ALTER TABLE "BillingDispute" ADD COLUMN "teamId" UUID;
