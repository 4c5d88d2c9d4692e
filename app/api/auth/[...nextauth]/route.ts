import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/server/auth/options";
import { errorResponse } from "@/lib/server/auth/route";
import { clientIp } from "@/lib/server/security/client-ip";
import { signInLimits } from "@/lib/server/security/limits";
import { enforce, RateLimitedError } from "@/lib/server/security/rate-limit";

const handler = NextAuth(authOptions);

// Password sign-ins are rate limited per email and per address before next-auth sees them.
// The 429 carries a `url` with ?error=rate_limited so next-auth's client signIn() can read it.
async function post(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
    try {
      const form = new URLSearchParams(await request.clone().text());
      const email = (form.get("email") ?? "").trim().toLowerCase().slice(0, 320);
      await enforce(signInLimits(email, clientIp(request)));
    } catch (error) {
      const response = errorResponse(error);
      if (error instanceof RateLimitedError) {
        const url = new URL("/signin?error=rate_limited", request.url).toString();
        return NextResponse.json({ url, error: { code: error.code, message: error.message } }, { status: 429, headers: response.headers });
      }
      return response;
    }
  }
  return handler(request, context);
}

export { handler as GET, post as POST };
