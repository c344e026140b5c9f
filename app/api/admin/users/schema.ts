import { z } from "zod";
import { UsersListQuery } from "@/lib/admin/users";

// The list query lives with the service (the page validates its searchParams with it too).
export const UsersQuery = UsersListQuery;

export const UserParams = z.object({ id: z.uuid() });
