import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Forbidden } from "@/components/forbidden";
import { CampaignActiveToggle } from "@/components/admin/campaign-active-toggle";
import { CampaignForm } from "@/components/admin/campaign-form";
import { CampaignGuidanceForm } from "@/components/admin/campaign-guidance-form";
import { CampaignProgressPanel } from "@/components/admin/campaign-progress";
import { LivePrompts } from "@/components/admin/live-prompts";
import { PageHeader } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getCampaign, getCampaignChoices } from "@/lib/server/campaigns/get-campaign";
import { getCampaignGuidance } from "@/lib/server/campaigns/campaign-guidance";
import { getCampaignProgress } from "@/lib/server/campaigns/get-campaign-progress";
import { listLivePrompts } from "@/lib/server/live/live-prompts";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.campaigns");
  return { title: t("title") };
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await guardPage(audiences.admin, `/admin/campaigns/${encodeURIComponent(id)}`);
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  // Validate the route param before it reaches the database.
  const campaignId = z.uuid().safeParse(id);
  if (!campaignId.success) notFound();
  const [campaign, progress, choices, guidance] = await Promise.all([
    getCampaign(campaignId.data),
    getCampaignProgress(campaignId.data),
    getCampaignChoices(),
    getCampaignGuidance(campaignId.data),
  ]);
  if (!campaign || !progress || !guidance) notFound();
  const t = await getTranslations("admin.campaigns");
  return (
    <section data-testid="admin-campaign">
      <Link href="/admin/campaigns" className="text-sm text-slate-500 hover:text-slate-900">
        <span aria-hidden className="inline-block rtl:rotate-180">←</span> {t("backToList")}
      </Link>
      <div className="mt-2">
        <PageHeader
          title={campaign.name}
          userTitle
          lead={t("detailLead", { gold: Math.round(campaign.goldRate * 100), overlap: Math.round(campaign.overlapRate * 100), target: campaign.targetVotes })}
          actions={<CampaignActiveToggle campaignId={campaign.id} active={campaign.active} name={campaign.name} />}
        />
      </div>
      <div className="mt-6 space-y-6">
        <CampaignProgressPanel progress={progress} />
        <div>
          <h2 className="mb-3 text-lg font-semibold">{t("editTitle")}</h2>
          <CampaignForm key={`${campaign.id}-${campaign.name}`} choices={choices} initial={campaign} />
        </div>
        {campaign.live && (
          <div>
            <h2 className="text-lg font-semibold">{t("livePrompts.title")}</h2>
            <p className="mb-3 text-sm text-slate-600">{t("livePrompts.lead")}</p>
            <LivePrompts prompts={await listLivePrompts(campaign.id)} />
          </div>
        )}
        <div>
          <h2 id="guidance" className="mb-3 text-lg font-semibold">{t("guidance.title")}</h2>
          <CampaignGuidanceForm campaignId={campaign.id} initial={guidance} />
        </div>
      </div>
    </section>
  );
}
