import { z } from "zod";

export const PortalResponse = z.object({ url: z.url() });
