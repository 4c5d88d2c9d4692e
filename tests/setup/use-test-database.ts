import { inject } from "vitest";

// Set before any test imports lib/db, which reads DATABASE_URL when the client is created.
process.env.DATABASE_URL = inject("databaseUrl");
// The session secret, which also keys the anonymous judge ids of exports (npm start always sets one).
process.env.NEXTAUTH_SECRET ??= "integration-test-secret";
