import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readSignInForm, signInAccountKey } from "@/lib/server/auth/sign-in-form";
import { installTrustedClientAddress, trustedClientAddress } from "@/lib/server/security/client-ip";

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

const formRequest = (body: string, headers: Record<string, string> = {}) =>
  new NextRequest("http://127.0.0.1/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.9", ...headers },
    body,
  });

// Issue 12 item 1: the limiter and next-auth must read the same identity, and the address must be
// the one the socket (or a trusted proxy) saw.
describe("sign-in limits count exactly the account that is authenticated", () => {
  it("refuses a repeated email or password, unknown fields and non-form bodies before anything runs", async () => {
    const refusals: [string, string, Record<string, string>, number, string][] = [
      ["two emails", "email=random%40x.test&email=victim%40x.test&password=guess&csrfToken=t", {}, 400, "duplicate_field"],
      ["two passwords", "email=victim%40x.test&password=a&password=b&csrfToken=t", {}, 400, "duplicate_field"],
      ["an unknown field", "email=victim%40x.test&password=a&csrfToken=t&email%5B%5D=x", {}, 400, "unknown_field"],
      ["JSON hiding a second email", JSON.stringify({ email: "random@x.test", x: "&email=victim@x.test&", password: "guess", csrfToken: "t" }), { "content-type": "application/json" }, 415, "unsupported_media_type"],
      ["text/plain", "email=victim%40x.test&password=a", { "content-type": "text/plain" }, 415, "unsupported_media_type"],
      ["a body over the limit", `email=victim%40x.test&password=${"x".repeat(20_000)}`, {}, 413, "payload_too_large"],
    ];
    for (const [label, body, headers, status, code] of refusals) {
      const error = (await readSignInForm(formRequest(body, headers)).catch((e: unknown) => e)) as { status?: number; code?: string };
      expect([error.status, error.code], label).toEqual([status, code]);
    }
  });

  it("keys the limit by the email as verifyCredentials reads it (trimmed, lower case)", async () => {
    const form = await readSignInForm(formRequest("email=%20Victim%40X.test%20&password=p&csrfToken=t&json=true&callbackUrl=%2F&redirect=false"));
    expect(signInAccountKey(form)).toBe("victim@x.test");
  });

  describe("on the route", () => {
    const saved = { ...process.env };
    beforeEach(async () => {
      await db.rateLimitBucket.deleteMany();
      process.env.ARENA_SIGNIN_RATE_WINDOW_SECONDS = "86400";
      process.env.ARENA_SIGNIN_RATE_PER_EMAIL = "2";
    });
    afterEach(() => {
      process.env = { ...saved };
    });

    async function post(body: string, headers: Record<string, string> = {}): Promise<Response | "passed to next-auth"> {
      const { POST } = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as Record<string, Handler>;
      // Past the limiter the request goes on to next-auth, which needs Next's request scope (here it
      // may throw): only what happens in front of it is under test.
      return POST!(formRequest(body, headers), { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }).then(
        (response) => (response.status >= 400 && response.headers.get("content-type")?.includes("json") && response.status !== 401 ? response : "passed to next-auth"),
        () => "passed to next-auth" as const,
      );
    }

    it("a locked account stays locked: a second email field, or another spelling of the email, gets no further guess", async () => {
      const victim = `victim-${randomBytes(3).toString("hex")}@x.test`;
      for (let i = 0; i < 2; i++) expect(await post(`csrfToken=t&email=${encodeURIComponent(victim)}&password=wrong-${i}&json=true`)).toBe("passed to next-auth");
      const bypass = await post(`csrfToken=t&email=random%40x.test&email=${encodeURIComponent(victim)}&password=guess&json=true`);
      expect(bypass).toBeInstanceOf(Response);
      expect((bypass as Response).status).toBe(400);
      const spelled = await post(`csrfToken=t&email=${encodeURIComponent(` ${victim.toUpperCase()} `)}&password=guess&json=true`);
      expect(spelled).toBeInstanceOf(Response);
      expect((spelled as Response).status).toBe(429);
      // The refused forms were not counted against someone else's account either.
      expect(await db.rateLimitBucket.findUnique({ where: { key: "signin:email:random@x.test" } })).toBeNull();
    });
  });
});

describe("the address is the socket's, or a trusted proxy's report (ARENA_TRUSTED_PROXY_HOPS)", () => {
  it("picks the entry written by the last trusted hop, never one the client wrote", () => {
    expect(trustedClientAddress(undefined, "10.0.0.5", 0)).toBe("10.0.0.5");
    expect(trustedClientAddress("203.0.113.1, 203.0.113.2", "10.0.0.5", 0)).toBe("10.0.0.5");
    // One proxy (10.0.0.5) appended what it saw (203.0.113.2); 203.0.113.1 came from the client.
    expect(trustedClientAddress("203.0.113.1, 203.0.113.2", "10.0.0.5", 1)).toBe("203.0.113.2");
    expect(trustedClientAddress(["203.0.113.1", "198.51.100.7, 10.0.0.4"], "10.0.0.5", 2)).toBe("198.51.100.7");
    // Fewer entries than hops: the request did not come through every proxy; the oldest entry.
    expect(trustedClientAddress(undefined, "10.0.0.5", 3)).toBe("10.0.0.5");
  });

  it("the server hook replaces a client's X-Forwarded-For with the socket's address", async () => {
    installTrustedClientAddress();
    const server = createServer((req, res) => res.end(JSON.stringify({ xff: req.headers["x-forwarded-for"], realIp: req.headers["x-real-ip"] ?? null })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const seen = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers: { "x-forwarded-for": "203.0.113.50", "x-real-ip": "203.0.113.51" } }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c));
          res.on("end", () => resolve(body));
        });
        req.on("error", reject);
        req.end();
      });
      expect(JSON.parse(seen)).toEqual({ xff: "127.0.0.1", realIp: null });
    } finally {
      server.close();
    }
  });
});
