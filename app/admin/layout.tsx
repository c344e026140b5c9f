// Every admin page sits under this layout. The guard runs here and again in each page through
// requireAdminPage (layouts are not re-rendered on client navigation); admin APIs use withAdmin.
import type { ReactNode } from "react";
import { requireAdminPage } from "@/lib/auth/current-user";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">{children}</div>;
}
