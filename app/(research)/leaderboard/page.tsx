import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";

export async function generateMetadata() {
  const t = await getTranslations("leaderboard");
  return { title: t("title") };
}

export default async function LeaderboardPage() {
  const access = await guardPage(["researcher", "admin"], "/leaderboard");
  if (!access.allowed) return <Forbidden roles={["researcher", "admin"]} />;
  const t = await getTranslations("leaderboard");
  return (
    <section data-testid="leaderboard-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-1 text-slate-600">{t("lead")}</p>
    </section>
  );
}
