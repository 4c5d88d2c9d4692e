// Prisma CLI configuration. The CLI runs through the pg driver adapter and the WebAssembly
// schema engine, so no native engine binary is downloaded (see README, "Database").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database).");
    const c = parse(url);
    // Separate fields, not connectionString: otherwise the shadow database points at the main one.
    return new PrismaPg({
      host: c.host ?? "127.0.0.1",
      port: c.port ? Number(c.port) : 5432,
      user: c.user ?? "postgres",
      password: c.password ?? undefined,
      database: c.database ?? "postgres",
      max: 1,
    });
  },
});
