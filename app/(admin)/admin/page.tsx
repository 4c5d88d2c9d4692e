import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { Card, PageHeader } from "@/components/ui";
import { formatNumber } from "@/lib/i18n/format";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getOverviewCounts } from "@/lib/server/admin/get-overview-counts";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("title") };
}

export default async function AdminPage() {
  const access = await guardPage(audiences.admin, "/admin");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("admin");
  const [counts, locale] = await Promise.all([getOverviewCounts(), getLocale()]);
  const stats = [
    { label: t("stats.promptSets"), value: counts.promptSets, note: t("overview.promptsNote", { count: counts.prompts }) },
    { label: t("stats.models"), value: counts.models, note: t("overview.liveModelsNote", { count: counts.liveModels }) },
    { label: t("stats.users"), value: counts.users, note: t("overview.disabledUsersNote", { count: counts.disabledUsers }) },
    { label: t("stats.votes"), value: counts.votes, note: null },
    { label: t("stats.campaigns"), value: counts.campaigns, note: t("overview.activeCampaignsNote", { count: counts.activeCampaigns }) },
  ];
  const areas = [
    { href: "/admin/import", title: t("nav.import"), body: t("overview.importBody") },
    { href: "/admin/models", title: t("nav.models"), body: t("overview.modelsBody") },
    { href: "/admin/users", title: t("nav.users"), body: t("overview.usersBody") },
    { href: "/admin/campaigns", title: t("nav.campaigns"), body: t("overview.campaignsBody") },
    { href: "/admin/audit", title: t("nav.audit"), body: t("overview.auditBody", { count: counts.auditEntries }) },
  ];
  return (
    <section data-testid="admin-page">
      <PageHeader title={t("title")} lead={t("lead")} />
      <dl className="mt-6 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-5">
        {stats.map((s) => (
          <Card key={s.label} className="p-4">
            <dt className="text-sm text-slate-500">{s.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatNumber(locale, s.value)}</dd>
            {s.note && <dd className="mt-0.5 text-xs text-slate-500">{s.note}</dd>}
          </Card>
        ))}
      </dl>
      <h2 className="mt-10 text-lg font-semibold">{t("overview.manage")}</h2>
      <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {areas.map((a) => (
          <li key={a.href}>
            <Link href={a.href} className="group block h-full rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-500 hover:shadow">
              <span className="flex items-center justify-between font-semibold text-slate-900 group-hover:text-brand-700">
                {a.title}
                <span aria-hidden className="text-slate-400 rtl:rotate-180 group-hover:text-brand-600">→</span>
              </span>
              <span className="mt-1 block text-sm text-slate-600">{a.body}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
