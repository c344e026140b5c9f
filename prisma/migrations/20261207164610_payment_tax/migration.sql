-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "buyerAddress" TEXT,
ADD COLUMN     "buyerCountry" TEXT,
ADD COLUMN     "buyerName" TEXT,
ADD COLUMN     "buyerTaxId" TEXT,
ADD COLUMN     "taxLabel" TEXT,
ADD COLUMN     "taxMinor" BIGINT NOT NULL DEFAULT 0;
