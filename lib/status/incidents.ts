// Incident notes for the public /status page. Admins post them (the admin console calls
// postIncident after its own withAdmin check); anyone can read the latest. Plain text only: the
// page renders title and body as text, never as HTML or markdown.
import { z } from "zod";
import type { Db } from "@/lib/db";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const PostIncidentInput = z.object({
  title: z.string().trim().min(3).max(140),
  body: z.string().trim().min(1).max(4_000),
  status: z.enum(INCIDENT_STATUSES),
  authorId: z.uuid().optional(),
});
export type PostIncidentInput = z.input<typeof PostIncidentInput>;

export type IncidentNote = {
  id: string;
  title: string;
  body: string;
  status: IncidentStatus;
  createdAt: Date;
};

const SELECT = { id: true, title: true, body: true, status: true, createdAt: true } as const;

/** Posts an incident note (an update to an ongoing incident is a new note with its new status). */
export async function postIncident(db: Db, input: PostIncidentInput): Promise<IncidentNote> {
  const data = PostIncidentInput.parse(input);
  return db.incident.create({ data, select: SELECT });
}

/** The newest notes first. */
export async function listRecentIncidents(db: Db, options: { limit?: number } = {}): Promise<IncidentNote[]> {
  return db.incident.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 10, 1), 50),
    select: SELECT,
  });
}
