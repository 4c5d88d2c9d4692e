import type { Role } from "@/lib/validation/auth";

// Accounts the demo seed creates; shown on the sign-in page only when ARENA_DEMO=1 (the embedded default).
export const demoPassword = "arena-demo";
export const demoAccounts: { email: string; role: Role; name: string; languages: ("ar" | "en")[] }[] = [
  { email: "annotator@arena.local", role: "annotator", name: "Demo annotator", languages: ["ar", "en"] },
  { email: "annotator2@arena.local", role: "annotator", name: "مقيّم تجريبي", languages: ["ar", "en"] },
  { email: "researcher@arena.local", role: "researcher", name: "Demo researcher", languages: ["ar", "en"] },
  { email: "admin@arena.local", role: "admin", name: "Demo admin", languages: ["ar", "en"] },
];
