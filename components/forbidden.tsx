import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Role } from "@/lib/validation/auth";

// Shown (with HTTP 200 body but no data) when a signed-in user lacks the role for a page.
export async function Forbidden({ roles }: { roles: readonly Role[] }) {
  const t = await getTranslations("errors");
  const tNav = await getTranslations("nav");
  return (
    <section data-testid="forbidden" className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-5xl font-bold text-slate-300">403</p>
      <h1 className="mt-3 text-xl font-semibold">{t("forbiddenTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("forbiddenBody", { roles: roles.map((r) => tNav(`roles.${r}`)).join(" · ") })}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        {t("backHome")}
      </Link>
    </section>
  );
}
