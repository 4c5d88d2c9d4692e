import { getLocale, getTranslations } from "next-intl/server";
import { LiveArena } from "@/components/live/live-arena";
import { guardPage } from "@/lib/server/auth/page-guard";
import { activeLiveCampaign } from "@/lib/server/live/live-battles";
import { audiences } from "@/lib/validation/auth";
import { livePromptMaxChars } from "@/lib/validation/live";

export async function generateMetadata() {
  const t = await getTranslations("live");
  return { title: t("title") };
}

// Live battles: the annotator writes the prompt, two anonymous models answer it live (lib/server/live).
export default async function LivePage() {
  const { user } = await guardPage(audiences["signed-in"], "/live");
  const [campaign, locale] = await Promise.all([activeLiveCampaign(), getLocale()]);
  const available = campaign !== null && campaign.modelIds.length >= 2;
  const languages = user.languages;
  const preferred = languages.includes(locale as "ar" | "en") ? (locale as "ar" | "en") : (languages[0] ?? "en");
  return (
    <LiveArena
      campaign={available ? { name: campaign.name, turnLimit: campaign.turnLimit } : null}
      languages={languages}
      defaultLanguage={preferred}
      maxChars={livePromptMaxChars}
    />
  );
}
