import { createHash, timingSafeEqual } from "node:crypto";

/** Who the demo's admin token acts as; written to every timeline entry it causes. */
export const DEMO_ADMIN_ACTOR = { id: "demo-admin", name: "Demo admin" } as const;

/**
 * The kit's `authorize` hook for the demo: admin routes need `Authorization: Bearer <token>`.
 * Both sides are hashed first so that `timingSafeEqual` compares equal lengths and the time
 * taken says nothing about the token.
 *
 * @example
 * createAdmit({ authorize: bearerAuthorizer(process.env.ADMIT_ADMIN_TOKEN!), ... });
 */
export function bearerAuthorizer(
  token: string,
): (request: Request) => typeof DEMO_ADMIN_ACTOR | null {
  if (token.length < 16) throw new TypeError("the admin token must have at least 16 characters");
  const expected = digest(token);
  return (request) => {
    const match = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
    if (!match) return null;
    return timingSafeEqual(digest(match[1]!), expected) ? DEMO_ADMIN_ACTOR : null;
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
