// Unknown /v1 paths answer OpenAI's JSON 404, whatever the method (no key needed to learn that).
import { openAiErrorResponse } from "@/lib/api/openai-errors";
import { AppError } from "@/lib/errors";
import { withPublic } from "@/lib/http/route";

const notFound = withPublic(
  { db: false, sameOrigin: false, renderError: openAiErrorResponse, flag: "public_api" },
  async () => {
    throw new AppError("not_found", "No such API endpoint.");
  },
);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const HEAD = notFound;
export const OPTIONS = notFound;
