import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts, demoPassword } from "../../lib/server/demo/demo-accounts";
import { createTestDatabase } from "../setup/test-database";
import { buildApp, createAnnotators, postJson, seedDemo, signIn, startApp, type RunningApp } from "./harness";

// Several app processes on one Postgres server, sharing nothing else (README, "Several processes"):
//  - two separate server processes (scripts/app-server.ts): a vote recorded by one is on the other's leaderboard at its next
//    refresh (its cached leaderboard is checked against the votes table on every request), and the vote
//    rate limit counts the requests of both processes against one budget (the buckets live in Postgres);
//  - `npm start`'s way with WEB_CONCURRENCY=2: a node:cluster primary with two server workers
//    behind one port, serving the vote loop.
// Runs with `npm run test:faults` on the build the e2e step made (ARENA_FAULT_DIST_DIR=.next).

const enabled = process.env.ARENA_APP_FAULT_TEST === "1";
const distDir = process.env.ARENA_FAULT_DIST_DIR ?? ".next-faults";
const basePort = Number(process.env.ARENA_FAULT_PORT ?? 3400 + Math.floor(Math.random() * 100)) + 1;
const votesPerWindow = 5;

const researcher = demoAccounts.find((a) => a.role === "researcher")!;

async function getJson(baseUrl: string, route: string, cookie: string) {
  const response = await fetch(`${baseUrl}${route}`, { headers: { cookie } });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

// The processes whose parent is `pid` and whose command line runs Next.
function serverChildren(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("app-server")) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

describe.skipIf(!enabled)("several app processes on one Postgres", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const apps: RunningApp[] = [];
  const env = {
    ARENA_SIGNIN_RATE_PER_IP: "0",
    ARENA_VOTE_RATE_PER_USER: String(votesPerWindow),
    ARENA_VOTE_RATE_PER_IP: "0",
    ARENA_VOTE_RATE_WINDOW_SECONDS: "3600",
  };

  beforeAll(async () => {
    database = await createTestDatabase("arena_processes");
    seedDemo(database.url);
    buildApp(distDir);
  }, 900_000);

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await database?.drop();
  });

  it("a vote in one process is on the other's leaderboard at once, and the rate limit spans both", async () => {
    const [one, two] = await Promise.all([0, 1].map((k) => startApp({ distDir, port: basePort + k, databaseUrl: database.url, env })));
    apps.push(one!, two!);
    const [email] = await createAnnotators(database.url, 1, "two-processes");
    const annotator = { one: await signIn(one!.baseUrl, email!, "two-processes"), two: await signIn(two!.baseUrl, email!, "two-processes") };
    const research = await signIn(two!.baseUrl, researcher.email, demoPassword);

    const leaderboardVotes = async () => {
      const answer = await getJson(two!.baseUrl, "/api/research/leaderboard", research);
      expect(answer.status).toBe(200);
      return answer.json.votes as number;
    };
    let battle = (await postJson(one!.baseUrl, "/api/battles/next", annotator.one, {})).json.battle;
    // Votes alternate between the processes: the fifth in the window is the last one allowed.
    for (let k = 0; k < votesPerWindow; k++) {
      const before = await leaderboardVotes(); // process two computes and caches its leaderboard
      const app = k % 2 === 0 ? one! : two!;
      const cookie = k % 2 === 0 ? annotator.one : annotator.two;
      const vote = await postJson(app.baseUrl, "/api/votes", cookie, { battleId: battle.id, winner: "model_a", next: true });
      expect(vote.status, JSON.stringify(vote.json)).toBe(200);
      expect(await leaderboardVotes()).toBe(before + 1);
      battle = vote.json.next.battle;
    }
    // Over the budget, whichever process is asked.
    for (const [app, cookie] of [[one!, annotator.one], [two!, annotator.two]] as const) {
      const refused = await postJson(app.baseUrl, "/api/votes", cookie, { battleId: battle.id, winner: "tie", next: true });
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe("rate_limited");
    }
    for (const app of apps.splice(0)) await app.stop();
  });

  it("npm start's cluster: two server processes behind one port serve the vote loop", async () => {
    const app = await startApp({ distDir, port: basePort + 2, databaseUrl: database.url, env: { ...env, ARENA_VOTE_RATE_PER_USER: "0" }, workers: 2 });
    apps.push(app);
    await expect.poll(() => serverChildren(app.process.pid!).length, { timeout: 60_000 }).toBe(2);
    const emails = await createAnnotators(database.url, 6, "cluster");
    const cookies = await Promise.all(emails.map((e) => signIn(app.baseUrl, e, "cluster")));
    await Promise.all(
      cookies.map(async (cookie) => {
        let battle = (await postJson(app.baseUrl, "/api/battles/next", cookie, {})).json.battle;
        for (let k = 0; k < 3; k++) {
          const vote = await postJson(app.baseUrl, "/api/votes", cookie, { battleId: battle.id, winner: "tie", next: true });
          expect(vote.status, JSON.stringify(vote.json)).toBe(200);
          expect(vote.json.vote.battleId).toBe(battle.id);
          battle = vote.json.next.battle;
        }
      }),
    );
  });
});
