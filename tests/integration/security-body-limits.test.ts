import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/server/auth/session";
import { appRoutes, fillPattern } from "../helpers/app-routes";
import { makeUser, resetData } from "../helpers/fixtures";
import { signInAs } from "./security-session";

// Issue 12 item 8: a body past a route's limit is refused with 413 as soon as the limit is passed,
// without reading (or holding) the rest, declared length or not (chunked).

let currentUser: CurrentUser | null = null;
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => currentUser,
}));
// POST /api/votes reads its session from the cookie (its user is read by the vote's own statement).
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

// A body of `total` bytes that is produced only as it is read, so the test sees how much was read.
function meteredBody(total: number) {
  const chunk = new TextEncoder().encode(`{"pad":"${"x".repeat(16 * 1024)}`);
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= total) return controller.close();
        produced += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, produced: () => produced };
}

const total = 16 * 1024 * 1024;
const readAtMost = 256 * 1024; // the largest limit (64 KiB) plus what a stream may hold in flight

// Every JSON route that takes a body (the import upload streams its file under its own limit).
const bodyRoutes = appRoutes().filter((r) => r.kind === "api" && !r.pattern.startsWith("/api/auth") && r.pattern !== "/api/admin/import/uploads");

describe("bodies past the limit are refused without being read", () => {
  beforeAll(async () => {
    await resetData();
    currentUser = await makeUser("admin");
    await signInAs(currentUser.id);
  });

  for (const route of bodyRoutes) {
    for (const method of route.methods.filter((m) => m !== "GET")) {
      it(`${method} ${route.pattern}: a chunked body of 16 MB → 413 after reading at most ${readAtMost / 1024} KiB`, async () => {
        const mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
        const body = meteredBody(total);
        const request = new Request(`http://127.0.0.1${fillPattern(route.pattern, () => "00000000-0000-4000-8000-000000000000")}`, {
          method,
          headers: { "content-type": "application/json" },
          body: body.stream,
          duplex: "half",
        } as RequestInit);
        expect(request.headers.get("content-length")).toBeNull();
        const response = await mod[method]!(request, { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) });
        expect(response.status).toBe(413);
        expect((await response.json()).error.code).toBe("payload_too_large");
        expect(body.produced()).toBeLessThanOrEqual(readAtMost);
      });
    }
  }

  // next-auth's own POST endpoints read any body whole (a 200 MB sign-in body cost +545 MB): each is
  // read in front of it under 8 KiB.
  for (const action of ["callback/credentials", "signout", "signin/credentials", "_log"]) {
    it(`POST /api/auth/${action} (anonymous): a chunked body of 16 MB → 413 after reading at most 64 KiB`, async () => {
      const { POST } = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as RouteModule;
      const body = meteredBody(total);
      const request = new NextRequest(`http://127.0.0.1/api/auth/${action}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.77" },
        body: body.stream,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]);
      const response = await POST!(request, { params: Promise.resolve({ nextauth: action.split("/") }) });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
      expect(body.produced()).toBeLessThanOrEqual(64 * 1024);
    });
  }

  it("a declared length over the limit is refused before any byte is read", async () => {
    const { POST } = (await import("@/app/api/votes/route")) as RouteModule;
    const body = meteredBody(total);
    const request = new Request("http://127.0.0.1/api/votes", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(total) },
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    const response = await POST!(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(body.produced()).toBeLessThanOrEqual(16 * 1024 + 64);
  });
});
