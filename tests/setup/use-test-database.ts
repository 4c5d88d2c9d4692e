import { inject } from "vitest";

// Set before any test imports lib/db, which reads DATABASE_URL when the client is created.
process.env.DATABASE_URL = inject("databaseUrl");
