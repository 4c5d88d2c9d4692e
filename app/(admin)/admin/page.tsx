import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getOverviewCounts } from "@/lib/server/admin/get-overview-counts";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("title") };
}

export default async function AdminPage() {
  const access = await guardPage(["admin"], "/admin");
  if (!access.allowed) return <Forbidden roles={["admin"]} />;
  const t = await getTranslations("admin");
  const counts = await getOverviewCounts();
  const cards = [
    [t("promptSets"), counts.promptSets],
    [t("prompts"), counts.prompts],
    [t("models"), counts.models],
    [t("users"), counts.users],
    [t("votes"), counts.votes],
  ] as const;
  return (
    <section data-testid="admin-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-slate-600">{t("lead")}</p>
      <dl className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-5">
        {cards.map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
