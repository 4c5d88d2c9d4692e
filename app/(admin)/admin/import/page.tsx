import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { UploadForm } from "@/components/admin/import/upload-form";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";
import { maxUploadBytes } from "@/lib/server/import/upload-limits";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("import");
  return { title: t("title") };
}

export default async function ImportPage() {
  const access = await guardPage(audiences.admin, "/admin/import");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("import");
  return (
    <section data-testid="import-page" className="mx-auto max-w-3xl">
      <Link href="/admin" className="text-sm text-slate-500 hover:text-slate-800">
        {t("backToAdmin")}
      </Link>
      <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-slate-600">{t("lead")}</p>
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <UploadForm limitMb={Math.round(maxUploadBytes() / 1024 / 1024)} />
      </div>
      <section className="mt-6 rounded-xl border border-slate-200 bg-slate-50 p-5 text-sm text-slate-700 sm:p-6">
        <h2 className="text-base font-semibold text-slate-900">{t("formats.title")}</h2>
        <ul className="mt-2 list-disc space-y-2 ps-5">
          <li>{t("formats.jsonl")}</li>
          <li>{t("formats.csv")}</li>
          <li>{t("formats.rules")}</li>
          <li>{t("formats.examples")}</li>
        </ul>
      </section>
    </section>
  );
}
