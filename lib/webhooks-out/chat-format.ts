// Admin alerts as chat messages for Slack and Discord incoming webhooks (endpoints of format
// slack / discord). Pure: the outbox payload in, the JSON body each service expects out.
import type { WebhookFormat } from "@/lib/generated/prisma/client";

export const ADMIN_ALERT_TYPE = "admin.alert";

export type AdminAlertData = { subject: string; paragraphs: string[]; url?: string };

function alertOf(payload: unknown): AdminAlertData {
  const data = (payload as { data?: Partial<AdminAlertData> } | null)?.data ?? {};
  return {
    subject: String(data.subject ?? "Ledgerchat alert"),
    paragraphs: Array.isArray(data.paragraphs) ? data.paragraphs.map(String) : [],
    url: typeof data.url === "string" ? data.url : undefined,
  };
}

// Slack mrkdwn and Discord markdown treat these as markup; alerts quote user-influenced text.
const slackEscape = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const discordEscape = (s: string) => s.replace(/([\\*_~`|>[\]()#@])/g, "\\$1");

/** The request body for a chat endpoint (Slack: text + blocks; Discord: an embed, no pings). */
export function chatBody(format: Exclude<WebhookFormat, "standard">, payload: unknown): unknown {
  const alert = alertOf(payload);
  const lines = alert.paragraphs.slice(0, 15);
  if (format === "slack") {
    const text = [`*${slackEscape(alert.subject)}*`, ...lines.map(slackEscape)].join("\n");
    return {
      text: slackEscape(alert.subject),
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: text.slice(0, 2_900) } },
        ...(alert.url
          ? [
              {
                type: "context",
                elements: [{ type: "mrkdwn", text: `<${alert.url}|Open the admin console>` }],
              },
            ]
          : []),
      ],
    };
  }
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: alert.subject.slice(0, 256),
        description: lines.map(discordEscape).join("\n").slice(0, 4_000),
        ...(alert.url ? { url: alert.url } : {}),
        color: 0xd97706,
      },
    ],
  };
}
