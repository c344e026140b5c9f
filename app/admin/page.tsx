import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdminPage("/admin");
  return (
    <>
      <h1 className="text-2xl font-bold text-ink">Admin</h1>
      <p className="mt-3 text-slate-600">Margins, reconciliation and disputes will appear here.</p>
    </>
  );
}
