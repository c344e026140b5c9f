// Malformed requests that used to answer 500 now answer a 4xx JSON error and change nothing:
// a ledger cursor past Postgres bigint, next-auth's endpoints on malformed JSON.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { GET as ledger } from "@/app/api/pt/ledger/route";
import { readCheckedBodyText } from "@/lib/http/body";
import { grantCredits } from "@/lib/ledger/grants";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let db: TestDatabase;
let userCookie = "";

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
  const user = await createUser(db.prisma);
  userCookie = (await sessionCookie(db.prisma, user.id)).cookie;
  // An account with entries, so the cursor reaches the statement query.
  await grantCredits(db.prisma, {
    account: { kind: "user", userId: user.id },
    amount: 100n,
    source: "promo",
    key: "seed",
  });
});
afterAll(async () => db?.cleanup());
beforeEach(() => resetRateLimiterForTests());

async function errorCode(response: Response): Promise<string> {
  expect(response.headers.get("content-type")).toContain("application/json");
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("GET /api/pt/ledger cursor", () => {
  const get = (cursor: string) =>
    ledger(
      new Request(`http://app.test/api/pt/ledger?cursor=${cursor}`, { headers: { cookie: userCookie } }),
      {
        params: Promise.resolve({}),
      },
    );

  it("refuses a cursor past the largest bigint with a 4xx", async () => {
    for (const cursor of ["9223372036854775808", "9999999999999999999"]) {
      const response = await get(cursor);
      expect(response.status).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
  });

  it("still takes the largest bigint", async () => {
    const response = await get("9223372036854775807");
    expect(response.status).toBe(200);
  });
});

describe("next-auth endpoints on malformed JSON", () => {
  const nextAuthCtx = (path: string[]) => ({ params: Promise.resolve({ nextauth: path }) });
  const post = (path: string[], body: string | undefined, contentType = "application/json") =>
    nextAuthPost(
      new Request(`http://app.test/api/auth/${path.join("/")}`, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      }) as never,
      nextAuthCtx(path),
    );

  for (const path of [["callback", "credentials"], ["signout"]]) {
    for (const body of ['{"a":', "{}x", "", undefined]) {
      it(`POST /api/auth/${path.join("/")} with ${JSON.stringify(body)} → 400`, async () => {
        const response = await post(path, body);
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe("invalid_json");
      });
    }
  }

  // next-auth itself reads next/headers, which only exists inside a Next server, so a valid sign-in
  // is covered by the e2e sign-in; here: the guard hands valid bodies on unchanged.
  it("hands valid form and JSON bodies on unchanged, refuses NUL in a form", async () => {
    const req = (body: string, type: string) =>
      new Request("http://app.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
    const form = "csrfToken=abc&email=a%40b.c&password=p%26w";
    expect(await readCheckedBodyText(req(form, "application/x-www-form-urlencoded"))).toBe(form);
    expect(await readCheckedBodyText(req('{"a":1}', "application/json"))).toBe('{"a":1}');
    await expect(
      readCheckedBodyText(req("email=a%00b", "application/x-www-form-urlencoded")),
    ).rejects.toMatchObject({ code: "bad_request" });
  });
});
