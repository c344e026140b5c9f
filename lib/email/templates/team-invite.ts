// An invitation to a team: the link is the secret (single use, expires). Say who invited, to
// which team and role, and that ignoring it is fine.
import type { z } from "zod";
import { button, type EmailBrand, greeting, layout, paragraph, type RenderedEmail } from "./layout";
import type { TeamInviteData } from "./schemas";

export function renderTeamInvite(data: z.infer<typeof TeamInviteData>, brand: EmailBrand): RenderedEmail {
  const subject = `${data.inviterName} invited you to ${data.teamName} on ${brand.productName}`;
  const intro = `${data.inviterName} invited you to join the team "${data.teamName}" as ${data.role}. Its members chat and use the API from the team's shared PT pool.`;
  const expiry = `This link works once and expires in ${data.expiresDays} days. Sign in (or create an account) with this address to accept or decline.`;
  const outro = "If you do not know this team, ignore this email: nothing happens unless you accept.";
  return layout(
    subject,
    paragraph(greeting(data.name)) +
      paragraph(intro) +
      button(data.url, "Open the invitation") +
      paragraph(expiry) +
      paragraph(outro),
    `${greeting(data.name)}\n\n${intro}\n\nOpen the invitation: ${data.url}\n\n${expiry}\n\n${outro}`,
    brand,
  );
}
