import { AppError } from "@/lib/server/errors";
import { readBodyText } from "@/lib/server/http/read-body";
import { emailSchema } from "@/lib/validation/auth";
import { toStorableText } from "@/lib/validation/text";

// A password sign-in (POST /api/auth/callback/credentials) is the form next-auth's client sends:
// a few short fields, each once. Read here before next-auth sees it, so that the rate limiter and
// next-auth read the very same fields: with "email=a&email=victim" or a JSON body hiding
// "&email=victim&", the limiter once counted one email while next-auth checked the password of another.
// Every other POST to next-auth (sign-out, OAuth sign-in, its client log) is read under the same limit:
// next-auth would read any body whole.
export const maxSignInBodyBytes = 8 * 1024;
const signInFields = new Set(["csrfToken", "email", "password", "callbackUrl", "json", "redirect"]);

export async function readSignInForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new AppError(415, "unsupported_media_type", "Sign-in takes a form body (application/x-www-form-urlencoded).");
  }
  const form = new URLSearchParams(await readBodyText(request, maxSignInBodyBytes));
  const seen = new Set<string>();
  for (const key of form.keys()) {
    const name = JSON.stringify(toStorableText(key.slice(0, 40)));
    if (!signInFields.has(key)) throw new AppError(400, "unknown_field", `Sign-in does not take the field ${name}.`);
    if (seen.has(key)) throw new AppError(400, "duplicate_field", `The field ${name} is given more than once.`);
    seen.add(key);
  }
  return form;
}

// The rate limiter's key for the account a sign-in tries: the email exactly as verifyCredentials
// looks it up (same schema: trimmed, lower case), stored as text (no NUL, no half surrogate pair).
export function signInAccountKey(form: URLSearchParams): string {
  const raw = form.get("email") ?? "";
  const parsed = emailSchema.safeParse(raw);
  return toStorableText((parsed.success ? parsed.data : raw.trim().toLowerCase()).slice(0, 320));
}

// The request next-auth gets: the same URL and headers, and as its body the text already read (for a
// sign-in, exactly the fields checked above, so nothing else can be read from it).
export function withBody(request: Request, body: string): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return new Request(request.url, { method: request.method, headers, body });
}
