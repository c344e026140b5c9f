// Unknown API paths answer JSON 404 (never Next's HTML page), whatever the method.
import { AppError } from "@/lib/errors";
import { withPublic } from "@/lib/http/route";

const notFound = withPublic({ db: false }, async () => {
  throw new AppError("not_found", "No such API endpoint.");
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const HEAD = notFound;
export const OPTIONS = notFound;
