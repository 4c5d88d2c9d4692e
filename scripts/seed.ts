// Seeds the demo accounts, the bilingual demo prompt set and, on an empty database, simulated votes (idempotent).
import { closeDb, db } from "@/lib/db";
import { seedDemo } from "@/lib/server/demo/seed-demo";
import { seedDemoVotes } from "@/lib/server/demo/seed-demo-votes";
import { env } from "@/lib/server/env";

const result = await seedDemo();
const votes = env("ARENA_DEMO_VOTES") === "0" ? 0 : await seedDemoVotes();
console.log(`Demo data ready: ${result.prompts} prompts, ${result.accounts} accounts${votes ? `, ${votes} simulated votes` : ""}.`);
await closeDb();
