import { z } from "zod";
import { isStorableText, storableTextError } from "./text";

export const roles = ["annotator", "researcher", "admin"] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

// Who may use a page, route or action: the named audiences every guard uses (never an inline list of
// roles), and the same names the access-table tests check against.
export const audiences = {
  "signed-in": roles,
  researcher: ["researcher", "admin"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Audience = keyof typeof audiences;

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." }));

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const newUserSchema = z.object({
  email: emailSchema,
  password: z.string().min(8, "Passwords need at least 8 characters.").max(200),
  role: roleSchema.default("annotator"),
  name: z.string().trim().max(100).refine(isStorableText, storableTextError).optional(),
  languages: z.array(z.enum(["ar", "en"])).min(1).default(["ar", "en"]),
});
export type NewUser = z.input<typeof newUserSchema>;
