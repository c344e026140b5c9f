-- AlterEnum
ALTER TYPE "PrivacyRequestStatus" ADD VALUE 'erasing';

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "pausedAt" TIMESTAMPTZ(3);
