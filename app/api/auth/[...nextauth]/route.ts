import NextAuth from "next-auth";
import { NextRequest, NextResponse } from "next/server";
import { authOptions } from "@/lib/server/auth/options";
import { errorResponse } from "@/lib/server/auth/route";
import { maxSignInBodyBytes, readSignInForm, signInAccountKey, withBody } from "@/lib/server/auth/sign-in-form";
import { readBodyText } from "@/lib/server/http/read-body";
import { clientIp } from "@/lib/server/security/client-ip";
import { signInLimits } from "@/lib/server/security/limits";
import { enforce, RateLimitedError } from "@/lib/server/security/rate-limit";
import { isFollowableCallbackUrl } from "@/lib/validation/callback-url";

const handler = NextAuth(authOptions);

// next-auth answers a callbackUrl it cannot follow (javascript:, another scheme, garbage), in the query
// or in its callback-url cookie, with a 500 "server configuration" error. It is the client's mistake:
// refuse it with a 400 before next-auth runs.
function badCallbackUrl(request: NextRequest): NextResponse | null {
  const url = request.nextUrl;
  const candidates = [url.searchParams.get("callbackUrl"), request.cookies.get("next-auth.callback-url")?.value, request.cookies.get("__Secure-next-auth.callback-url")?.value];
  if (candidates.every((c) => c == null || isFollowableCallbackUrl(c, url.origin))) return null;
  return NextResponse.json({ error: { code: "invalid_callback_url", message: "The callback URL must be a web address or a path on this site." } }, { status: 400 });
}

async function get(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return badCallbackUrl(request) ?? handler(request, context);
}

// Password sign-ins are rate limited per email and per address before next-auth sees them, and
// next-auth gets exactly the form that was counted (one email, one password, nothing else). Every
// POST body is read here under a small limit (413 past it) and handed on as read.
// The 429 carries a `url` with ?error=rate_limited so next-auth's client signIn() can read it.
async function post(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  const refused = badCallbackUrl(request);
  if (refused) return refused;
  let body: string;
  try {
    if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
      const form = await readSignInForm(request);
      await enforce(signInLimits(signInAccountKey(form), clientIp(request)));
      body = form.toString();
    } else {
      body = await readBodyText(request, maxSignInBodyBytes);
    }
  } catch (error) {
    const response = errorResponse(error);
    if (error instanceof RateLimitedError) {
      const url = new URL("/signin?error=rate_limited", request.url).toString();
      return NextResponse.json({ url, error: { code: error.code, message: error.message } }, { status: 429, headers: response.headers });
    }
    return response;
  }
  return handler(new NextRequest(withBody(request, body)), context);
}

export { get as GET, post as POST };
