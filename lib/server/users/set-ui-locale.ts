import "server-only";
import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/config";

export async function setUiLocale(userId: string, locale: Locale) {
  await db.user.update({ where: { id: userId }, data: { uiLocale: locale } });
}
