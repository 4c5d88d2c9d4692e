import "server-only";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { isLocale, localeCookie } from "@/lib/i18n/config";

// At sign-in: a device that has no language chosen yet (no locale cookie) takes the one the user chose
// and saved on their account (the language switcher saves it), so the UI comes up in their language on
// every device. A choice made on this device (the cookie) is kept.
export async function applySavedLocale(who: { id?: string; email?: string | null }): Promise<void> {
  const store = await cookies();
  if (isLocale(store.get(localeCookie)?.value)) return;
  const user = who.id
    ? await db.user.findUnique({ where: { id: who.id }, select: { uiLocale: true } })
    : who.email
      ? await db.user.findUnique({ where: { email: who.email }, select: { uiLocale: true } })
      : null;
  if (!isLocale(user?.uiLocale)) return;
  store.set(localeCookie, user.uiLocale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
