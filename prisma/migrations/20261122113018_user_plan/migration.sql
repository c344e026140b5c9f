-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'pro', 'max');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "plan" "Plan" NOT NULL DEFAULT 'free';
