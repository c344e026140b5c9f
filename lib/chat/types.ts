// Shared types of the chat domain.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** The Prisma client or a transaction: chat functions compose inside either. */
export type Db = PrismaClient | Prisma.TransactionClient;
