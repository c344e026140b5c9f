// Admin: users — search (email, name or id), filter by status, role and plan, sort by any column;
// sorted, filtered and paged on the server (lib/admin/users), laid out by the TanStack table.
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { InvalidQuery, ListControls } from "@/components/admin/list-controls";
import { AdminPage, when } from "@/components/admin/ui";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { searchUsers, UsersListQuery } from "@/lib/admin/users";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Users" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/users";
const COLUMNS = [
  { id: "email", header: "Email", sortable: true },
  { id: "name", header: "Name", sortable: true },
  { id: "role", header: "Role", sortable: true },
  { id: "plan", header: "Plan", sortable: true },
  { id: "status", header: "Status", sortable: true },
  { id: "verified", header: "Verified" },
  { id: "createdAt", header: "Created", sortable: true },
];
const SORTS = COLUMNS.filter((c) => c.sortable).map((c) => [c.id, c.header] as const);
const pairs = (values: readonly string[]) => values.map((v) => [v, v] as const);

export default async function AdminUsersPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = UsersListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="Users" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const query = parsed.data;
  const list = await searchUsers(await getDb(), query);
  return (
    <AdminPage title="Users" active={PATH}>
      <ListControls
        label="Search users"
        basePath={PATH}
        sorts={SORTS}
        sort={query.sort}
        dir={query.dir}
        size={query.size}
        fields={[
          { name: "q", label: "Email, name or id", value: query.q },
          {
            name: "status",
            label: "Status",
            value: query.status,
            options: pairs(["active", "frozen", "deleted"]),
          },
          { name: "role", label: "Role", value: query.role, options: pairs(["USER", "ADMIN"]) },
          { name: "plan", label: "Plan", value: query.plan, options: pairs(["free", "pro", "max"]) },
        ]}
      />
      <DataTable
        caption="Users"
        columns={COLUMNS}
        basePath={PATH}
        query={{
          q: query.q,
          status: query.status,
          role: query.role,
          plan: query.plan,
          sort: query.sort,
          dir: query.dir,
          size: query.size,
        }}
        sort={list.sort}
        dir={list.dir}
        page={list.page}
        pages={list.pages}
        total={list.total}
        empty={
          query.q || query.status || query.role || query.plan
            ? "No users match these filters."
            : "No users yet."
        }
        rows={list.items.map((u) => ({
          id: u.id,
          testId: `user-${u.id}`,
          cells: {
            email: (
              <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline">
                {u.email}
              </Link>
            ),
            name: u.name ?? "—",
            role: u.role,
            plan: u.plan,
            status: u.status,
            verified: u.emailVerifiedAt ? "yes" : "no",
            createdAt: when(u.createdAt),
          },
        }))}
      />
    </AdminPage>
  );
}
