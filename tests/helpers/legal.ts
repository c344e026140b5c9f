// Test accounts accept the Terms and Privacy Policy in force, as the sign-up form does (every other
// account is asked before chatting or buying): the same recording code as sign-up.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAcceptances } from "@/lib/legal/acceptances";
import { requiredVersions } from "@/lib/legal/versions";

export async function acceptCurrentLegal(p: PrismaClient, userId: string): Promise<void> {
  const documents = (await requiredVersions(p)).map((d) => ({ id: d.id, version: d.version }));
  await recordAcceptances(p, { userId, documents, ip: "127.0.0.1" });
}
