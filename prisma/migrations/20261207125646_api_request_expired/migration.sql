-- AlterEnum
ALTER TYPE "ApiRequestStatus" ADD VALUE 'expired';
