import Link from "next/link";
import { getTranslations } from "next-intl/server";

// Any unknown address, in the visitor's language (the admin area has its own, inside its navigation).
export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <section data-testid="not-found" className="mx-auto mt-10 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-5xl font-bold text-slate-500">404</p>
      <h1 className="mt-3 text-xl font-semibold">{t("notFound")}</h1>
      <p className="mt-2 text-slate-600">{t("notFoundBody")}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        {t("backHome")}
      </Link>
    </section>
  );
}
