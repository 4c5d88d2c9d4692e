import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 12 item 10: input that looks valid must not answer 5xx, and a votes export that fails mid-stream
// must not look complete. The routes run in-process with a real researcher session.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

// The export's data source, with a fault the test can switch on: failing before the first vote (as a
// refused query or a database outage would) or after it, mid-stream.
const fault = vi.hoisted(() => ({ at: null as null | "first" | "second" }));
vi.mock("@/lib/server/exports/stream-votes", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/exports/stream-votes")>();
  return {
    ...real,
    streamVotes: async function* (filters: Parameters<typeof real.streamVotes>[0]) {
      if (fault.at === "first") throw new Error("connection terminated unexpectedly");
      for await (const vote of real.streamVotes(filters)) {
        yield vote;
        if (fault.at === "second") throw new Error("connection terminated unexpectedly");
      }
    },
  };
});

const { signInAs } = await import("./security-session");
const { issueBattle } = await import("@/lib/server/battles/issue-battle");
const { recordVote } = await import("@/lib/server/votes/record-vote");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");
// How `next start` writes a route handler's Response to the socket.
const { pipeToNodeResponse } = await import("next/dist/server/pipe-readable.js");

type Route = { GET: (request: Request) => Promise<Response> };
const route = async (file: string) => (await import(/* @vite-ignore */ path.join(import.meta.dirname, "..", "..", "app", file))) as Route;
const get = (url: string) => new Request(`http://127.0.0.1${url}`);

beforeAll(async () => {
  await resetData();
  await importMiniSet();
  const annotator = await makeUser("annotator");
  for (let i = 0; i < 3; i++) {
    const battle = await issueBattle(annotator);
    await recordVote(annotator.id, { battleId: battle!.id, winner: "model_a" });
  }
  await signInAs((await makeUser("researcher")).id);
});

beforeEach(() => {
  fault.at = null;
});

describe("dates Postgres cannot take", () => {
  it.each([
    ["api/v1/leaderboard/route.ts", "/api/v1/leaderboard"],
    ["api/v1/matrices/route.ts", "/api/v1/matrices"],
    ["api/research/elo/route.ts", "/api/research/elo"],
    ["api/research/leaderboard/route.ts", "/api/research/leaderboard"],
    ["api/v1/votes/route.ts", "/api/v1/votes"],
  ])("%s answers 422 with a clear message for year 0000", async (file, url) => {
    const { GET } = await route(file);
    for (const query of ["from=0000-01-01", "to=0000-01-01", "from=0000-01-01&to=0000-12-31"]) {
      const response = await GET(get(`${url}?${query}`));
      expect(response.status, `${url}?${query}`).toBe(422);
      expect(JSON.stringify(await response.json())).toContain("Dates start at 0001-01-01.");
    }
    // The first and last days Postgres and the filter share still work.
    expect((await GET(get(`${url}?from=0001-01-01&to=9999-12-31`))).status).toBe(200);
  });
});

describe("a query parameter given twice", () => {
  it("is refused with 422 naming it, instead of one of the two being taken silently", async () => {
    const { GET } = await route("api/v1/leaderboard/route.ts");
    const response = await GET(get("/api/v1/leaderboard?style=on&style=off"));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string; details: { fieldErrors: Record<string, string[]> } } };
    expect(body.error).toMatchObject({ code: "invalid_input", details: { fieldErrors: { style: ["given more than once"] } } });
    expect(body.error.message).toContain('"style"');
    expect((await GET(get("/api/v1/leaderboard?style=on&language=ar"))).status).toBe(200);
  });
});

describe("the votes export", () => {
  let server: Server;
  let baseUrl = "";

  beforeAll(async () => {
    const { GET } = await route("api/v1/votes/route.ts");
    server = createServer(async (req, res) => {
      const response = await GET(get(req.url!));
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      await pipeToNodeResponse(response.body!, res).catch(() => undefined);
      if (!res.writableEnded && !res.destroyed) res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is complete when nothing fails", async () => {
    const response = await fetch(`${baseUrl}/api/v1/votes?format=clean_battle`);
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toHaveLength(3);
  });

  it("answers an error status, not 200 with a cut body, when it fails before the first vote", async () => {
    fault.at = "first";
    const { GET } = await route("api/v1/votes/route.ts");
    for (const format of ["clean_battle", "jsonl"]) {
      const response = await GET(get(`/api/v1/votes?format=${format}`));
      expect(response.status, format).toBeGreaterThanOrEqual(500);
      expect((await response.json()).error.code).toBeDefined();
    }
  });

  it("breaks the transfer when it fails mid-stream, so the client sees an error instead of a short body", async () => {
    fault.at = "second";
    const { GET } = await route("api/v1/votes/route.ts");
    // The body errors rather than closing as if complete.
    const response = await GET(get("/api/v1/votes?format=clean_battle"));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    // Over HTTP, as next start sends it: the client's read fails.
    for (const format of ["clean_battle", "jsonl"]) {
      const overHttp = await fetch(`${baseUrl}/api/v1/votes?format=${format}`);
      await expect(overHttp.text(), format).rejects.toThrow();
    }
  });
});
