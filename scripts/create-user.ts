// npm run user:create -- --email a@b.c --role admin [--password …] [--name …] [--languages ar,en]
// Without --password, a strong one is generated and printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { createUser } from "@/lib/server/users/create-user";
import { AppError } from "@/lib/server/errors";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    role: { type: "string", default: "annotator" },
    password: { type: "string" },
    name: { type: "string" },
    languages: { type: "string", default: "ar,en" },
  },
});

const password = values.password ?? randomBytes(12).toString("base64url");
try {
  const user = await createUser({
    email: values.email ?? "",
    role: values.role as "annotator",
    password,
    name: values.name,
    languages: values.languages.split(",").map((l) => l.trim()) as ("ar" | "en")[],
  });
  console.log(`Created ${user.role} ${user.email}${values.password ? "" : ` with password: ${password}`}`);
} catch (error) {
  if (error instanceof z.ZodError) console.error(error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  else if (error instanceof AppError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
