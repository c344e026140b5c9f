// Admin: every user's /v1 request records (key, model, tokens, PT, status, duration), filtered by
// user, key, status and model, sorted and paged on the server (lib/api/requests).
import type { Metadata } from "next";
import { InvalidQuery } from "@/components/admin/list-controls";
import { AdminPage } from "@/components/admin/ui";
import { RequestList } from "@/components/api/request-list";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { AdminApiRequestsListQuery, listApiRequests } from "@/lib/api/requests";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · API requests" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/admin/api-requests";

export default async function AdminApiRequestsPage({ searchParams }: Props) {
  await requireAdminPage(PATH);
  const parsed = AdminApiRequestsListQuery.safeParse(firstValues(await searchParams));
  if (!parsed.success)
    return (
      <AdminPage title="API requests" active={PATH}>
        <InvalidQuery basePath={PATH} message={issuesText(parsed.error)} />
      </AdminPage>
    );
  const list = await listApiRequests(await getDb(), parsed.data);
  return (
    <AdminPage title="API requests" active={PATH}>
      <RequestList list={list} query={parsed.data} basePath={PATH} admin />
    </AdminPage>
  );
}
