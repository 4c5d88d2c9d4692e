import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { CampaignForm } from "@/components/admin/campaign-form";
import { PageHeader } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getCampaignChoices } from "@/lib/server/campaigns/get-campaign";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.campaigns");
  return { title: t("newTitle") };
}

export default async function NewCampaignPage() {
  const access = await guardPage(audiences.admin, "/admin/campaigns/new");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("admin.campaigns");
  const choices = await getCampaignChoices();
  return (
    <section data-testid="admin-campaign-new">
      <Link href="/admin/campaigns" className="text-sm text-slate-500 hover:text-slate-900">
        <span aria-hidden className="inline-block rtl:rotate-180">←</span> {t("backToList")}
      </Link>
      <div className="mt-2">
        <PageHeader title={t("newTitle")} lead={t("newLead")} />
      </div>
      <div className="mt-6">
        <CampaignForm choices={choices} initial={{ name: "", targetVotes: 100, goldRate: 0, overlapRate: 0, live: false, liveTurnLimit: 3, promptSetIds: [], modelIds: [] }} />
      </div>
    </section>
  );
}
