// The database handle billing code takes: the Prisma client or an interactive transaction.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;
