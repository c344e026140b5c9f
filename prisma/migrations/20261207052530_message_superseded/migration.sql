-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "supersededAt" TIMESTAMPTZ(3);
