// Admin: search users (email, name or id; status), keyset-paginated on the server.
import type { Metadata } from "next";
import Link from "next/link";
import { AdminPage, FilterForm, NextPage, param, Table, td, when } from "@/components/admin/ui";
import { searchUsers } from "@/lib/admin/users";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Users" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const STATUSES = ["active", "frozen", "deleted"] as const;

export default async function AdminUsersPage({ searchParams }: Props) {
  await requireAdminPage("/admin/users");
  const sp = await searchParams;
  const q = param(sp, "q")?.slice(0, 200);
  const s = param(sp, "status");
  const status = STATUSES.find((x) => x === s);
  const c = param(sp, "cursor");
  const cursor = c && /^[0-9a-f-]{36}$/i.test(c) ? c : undefined;
  const page = await searchUsers(await getDb(), { q, status, cursor });
  return (
    <AdminPage title="Users" active="/admin/users">
      <FilterForm
        label="Search users"
        fields={[
          { name: "q", label: "Email, name or id", value: q },
          { name: "status", label: "Status", value: status, options: [...STATUSES] },
        ]}
      />
      <Table caption="Users" head={["Email", "Name", "Role", "Plan", "Status", "Verified", "Created"]}>
        {page.items.map((u) => (
          <tr key={u.id}>
            <td className={td}>
              <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline">
                {u.email}
              </Link>
            </td>
            <td className={td}>{u.name ?? "—"}</td>
            <td className={td}>{u.role}</td>
            <td className={td}>{u.plan}</td>
            <td className={td}>{u.status}</td>
            <td className={td}>{u.emailVerifiedAt ? "yes" : "no"}</td>
            <td className={td}>{when(u.createdAt)}</td>
          </tr>
        ))}
      </Table>
      {page.items.length === 0 ? <p className="text-sm text-slate-600">No users match.</p> : null}
      <NextPage path="/admin/users" params={{ q, status }} cursor={page.nextCursor} />
    </AdminPage>
  );
}
