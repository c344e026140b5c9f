// The user's in-app notifications (dispute outcomes, budget alerts) with an unread badge and "mark all read".
import { ActionForm } from "@/components/admin/action-form";
import { Section } from "@/components/auth/account-nav";
import { getDb } from "@/lib/db";
import { listNotifications } from "@/lib/notifications";

export async function NotificationsPanel({ userId }: { userId: string }) {
  const { items, unread } = await listNotifications(await getDb(), userId);
  if (items.length === 0) return null;
  return (
    <Section title="Notifications" id="notifications">
      {unread > 0 ? (
        <p className="mb-3">
          <span
            className="rounded-full bg-brand-600 px-2 py-0.5 text-sm font-semibold text-white"
            data-testid="unread-badge"
          >
            {unread} unread
          </span>
        </p>
      ) : null}
      <ul className="space-y-2">
        {items.map((n) => (
          <li key={n.id} className={n.readAt ? "text-slate-600" : "font-medium text-ink"}>
            <a href={n.link ?? "#"} className="underline">
              {n.title}
            </a>
            : {n.body}
          </li>
        ))}
      </ul>
      {unread > 0 ? (
        <div className="mt-3">
          <ActionForm action="/api/notifications" submitLabel="Mark all read" />
        </div>
      ) : null}
    </Section>
  );
}
