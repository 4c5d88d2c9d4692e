import { getTranslations } from "next-intl/server";
import { LeaderboardLive } from "@/components/research/leaderboard-live";
import { ResearchPage } from "@/components/research/research-page";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { filtersToSearchParams } from "@/lib/validation/leaderboard-filters";

export async function generateMetadata() {
  const t = await getTranslations("leaderboard");
  return { title: t("title") };
}

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("leaderboard");
  return (
    <ResearchPage path="/leaderboard" title={t("title")} lead={t("lead")} searchParams={searchParams}>
      {async (filters) => {
        const payload = toLeaderboardPayload(await getLeaderboard(filters), null);
        return <LeaderboardLive initial={payload} query={filtersToSearchParams(filters).toString()} />;
      }}
    </ResearchPage>
  );
}
