import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { CampaignActiveToggle } from "@/components/admin/campaign-active-toggle";
import { Badge, Card, EmptyState, PageHeader, ProgressBar, primaryButtonClass } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listCampaigns } from "@/lib/server/campaigns/list-campaigns";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.campaigns");
  return { title: t("title") };
}

export default async function AdminCampaignsPage() {
  const access = await guardPage(audiences.admin, "/admin/campaigns");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("admin.campaigns");
  const campaigns = await listCampaigns();
  // Only switched-on prompt-set campaigns narrow the regular battles (lib/server/battles/issue-battle.ts); a
  // live-battle campaign's prompts are written by annotators on /live.
  const anyScoping = campaigns.some((c) => c.active && !c.live);
  return (
    <section data-testid="admin-campaigns">
      <PageHeader
        title={t("title")}
        lead={t("lead")}
        actions={
          <Link href="/admin/campaigns/new" className={primaryButtonClass}>
            {t("new")}
          </Link>
        }
      />
      <p className={`mt-4 rounded-lg px-4 py-3 text-sm ${anyScoping ? "bg-emerald-50 text-emerald-900" : "bg-slate-100 text-slate-700"}`}>
        {anyScoping ? t("schedulerActive") : t("schedulerOpen")}
      </p>
      {campaigns.length === 0 ? (
        <div className="mt-6">
          <EmptyState>{t("empty")}</EmptyState>
        </div>
      ) : (
        <ul className="mt-6 grid gap-4 lg:grid-cols-2">
          {campaigns.map((c) => (
            <li key={c.id} data-testid="campaign-card" className="min-w-0">
              <Card className="flex h-full flex-col p-5">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <Link href={`/admin/campaigns/${c.id}`} className="text-lg font-semibold text-slate-900 [overflow-wrap:anywhere] hover:text-brand-700" dir="auto">
                      {c.name}
                    </Link>
                    {c.live && (
                      <span className="ms-2 align-middle">
                        <Badge tone="blue">{t("liveCampaign")}</Badge>
                      </span>
                    )}
                    <p className="mt-0.5 text-sm text-slate-500">
                      {t("membersSummary", { sets: c.promptSetCount, models: c.modelCount })} · {t("ratesSummary", { gold: Math.round(c.goldRate * 100), overlap: Math.round(c.overlapRate * 100) })}
                    </p>
                  </div>
                  <CampaignActiveToggle campaignId={c.id} active={c.active} name={c.name} />
                </div>
                <div className="mt-4 flex items-center gap-3">
                  <ProgressBar share={c.progress.share} label={t("overallProgress")} />
                  <span className="w-12 shrink-0 text-end text-sm font-semibold tabular-nums">{Math.round(c.progress.share * 100)}%</span>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {t("progressSummary", { votes: c.progress.totalVotes, ar: c.progress.byLanguage.ar, en: c.progress.byLanguage.en })} · {t("targetSummary", { target: c.targetVotes })}
                </p>
                <Link href={`/admin/campaigns/${c.id}`} className="mt-4 self-start text-sm font-medium text-brand-700 hover:underline">
                  {t("details")}
                </Link>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
