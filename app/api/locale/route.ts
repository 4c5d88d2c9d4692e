import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/server/auth/session";
import { errorResponse, readJson } from "@/lib/server/auth/route";
import { assertSameOriginWrite } from "@/lib/server/security/same-origin";
import { setUiLocale } from "@/lib/server/users/set-ui-locale";
import { localeCookie } from "@/lib/i18n/config";
import { localeSchema } from "@/lib/validation/locale";

const maxLocaleBodyBytes = 1024;

// Anyone may choose the UI language; a signed-in user's choice is also saved on their account.
export async function POST(request: Request) {
  try {
    assertSameOriginWrite(request, "json");
    // The body is { "locale": "ar" }: anything much larger is refused.
    const { locale } = localeSchema.parse(await readJson(request, maxLocaleBodyBytes));
    const user = await getCurrentUser();
    if (user) await setUiLocale(user.id, locale);
    const response = NextResponse.json({ locale });
    response.cookies.set(localeCookie, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
