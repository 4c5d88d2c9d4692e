import Link from "next/link";
import { getTranslations } from "next-intl/server";

// Shown inside the admin layout (with its navigation) for an unknown campaign id and the like.
export default async function AdminNotFound() {
  const t = await getTranslations("admin.notFound");
  return (
    <section data-testid="admin-not-found" className="mx-auto mt-10 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-5xl font-bold text-slate-500">404</p>
      <h1 className="mt-3 text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600">{t("body")}</p>
      <Link href="/admin" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        {t("back")}
      </Link>
    </section>
  );
}
