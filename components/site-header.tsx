import { cookies } from "next/headers";
import Link from "next/link";
import { SignInLink } from "@/components/auth/sign-in-link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { WORKSPACE_COOKIE } from "@/components/teams/workspace-cookie";
import { WorkspaceSwitcher } from "@/components/teams/workspace-switcher";
import { ThemeToggle } from "@/components/theme-toggle";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isEnabled } from "@/lib/settings/flags";
import type { OperatorSettings } from "@/lib/settings/operator";
import { listTeams } from "@/lib/teams/teams";

/** The user's teams for the switcher (none while the teams feature is off) and the stored choice. */
async function workspaces(userId: string) {
  const db = await getDb();
  const active = (await cookies()).get(WORKSPACE_COOKIE)?.value ?? null;
  if (!(await isEnabled("teams", db))) return { enabled: false, teams: [], active };
  const teams = await listTeams(db, userId);
  return { enabled: true, teams: teams.map((t) => ({ id: t.id, name: t.name })), active };
}

/** The operator's logo (an image with the product name as its text) or the name itself. */
function Brand({ operator }: { operator: OperatorSettings }) {
  if (operator.logoUrl) {
    // biome-ignore lint/performance/noImgElement: an operator-configured URL of unknown size; next/image needs it allow-listed.
    return <img src={operator.logoUrl} alt={operator.productName} className="h-8 w-auto" />;
  }
  if (operator.productName === "Ledgerchat") {
    return (
      <>
        Ledger<span className="text-brand-600">chat</span>
      </>
    );
  }
  return <>{operator.productName}</>;
}

export async function SiteHeader({ operator }: { operator: OperatorSettings }) {
  const user = await getCurrentUser();
  const spaces = user ? await workspaces(user.userId) : null;
  return (
    <header className="border-b border-slate-200">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-3 sm:gap-4 sm:px-6"
      >
        <Link href="/" className="text-lg font-semibold tracking-tight text-ink" data-testid="brand">
          <Brand operator={operator} />
        </Link>
        <div className="flex flex-wrap items-center justify-end gap-1 whitespace-nowrap text-sm sm:gap-2">
          <ThemeToggle />
          {spaces ? <WorkspaceSwitcher teams={spaces.teams} active={spaces.active} /> : null}
          <Link href="/chat" className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
            Chat
          </Link>
          <Link
            href="/pricing"
            className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100"
          >
            Pricing
          </Link>
          {user ? (
            <details className="relative">
              <summary className="cursor-pointer list-none rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
                Account menu
              </summary>
              <ul className="absolute right-0 z-10 mt-1 w-48 rounded-lg border border-slate-200 bg-page py-1 shadow-lg">
                <li>
                  <Link href="/chat" className="block px-4 py-2 text-slate-700 hover:bg-slate-100">
                    Chat
                  </Link>
                </li>
                <li>
                  <Link href="/account" className="block px-4 py-2 text-slate-700 hover:bg-slate-100">
                    Account
                  </Link>
                </li>
                <li>
                  <Link href="/billing" className="block px-4 py-2 text-slate-700 hover:bg-slate-100">
                    Billing
                  </Link>
                </li>
                {spaces?.enabled ? (
                  <li>
                    <Link href="/teams" className="block px-4 py-2 text-slate-700 hover:bg-slate-100">
                      Teams
                    </Link>
                  </li>
                ) : null}
                <li>
                  <Link
                    href="/account/security"
                    className="block px-4 py-2 text-slate-700 hover:bg-slate-100"
                  >
                    Security
                  </Link>
                </li>
                {user.role === "ADMIN" ? (
                  <li>
                    <Link href="/admin" className="block px-4 py-2 text-slate-700 hover:bg-slate-100">
                      Admin
                    </Link>
                  </li>
                ) : null}
                <li>
                  <SignOutButton className="block w-full px-4 py-2 text-left text-slate-700 hover:bg-slate-100" />
                </li>
              </ul>
            </details>
          ) : (
            <>
              <SignInLink className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100" />
              <Link
                href="/sign-up"
                className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
