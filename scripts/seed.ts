// Seeds the demo accounts and the bilingual demo prompt set (idempotent).
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/server/demo/seed-demo";

const result = await seedDemo();
console.log(`Demo data ready: ${result.prompts} prompts, ${result.accounts} accounts.`);
await db.$disconnect();
