import { ApiRequestsListQuery } from "@/lib/api/requests";

// The list query lives with the service (the /account/api-keys page validates its searchParams with it too).
export const ApiRequestsQuery = ApiRequestsListQuery;
