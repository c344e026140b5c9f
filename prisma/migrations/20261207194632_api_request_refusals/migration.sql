-- AlterEnum
ALTER TYPE "ApiRequestStatus" ADD VALUE 'refused';

-- AlterTable
ALTER TABLE "ApiRequest" ADD COLUMN     "cacheWrite1hTokens" INTEGER,
ADD COLUMN     "cacheWrite5mTokens" INTEGER,
ADD COLUMN     "cachedInputTokens" INTEGER,
ADD COLUMN     "codeInterpreterCalls" INTEGER,
ADD COLUMN     "errorCode" TEXT,
ADD COLUMN     "httpStatus" INTEGER,
ADD COLUMN     "reasoningTokens" INTEGER,
ADD COLUMN     "webSearchCalls" INTEGER,
ALTER COLUMN "model" DROP NOT NULL;
