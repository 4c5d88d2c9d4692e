import { getTranslations } from "next-intl/server";
import { ApiTokenManager } from "@/components/research/api-token-manager";
import { ResearchPage } from "@/components/research/research-page";
import { listApiTokens } from "@/lib/server/api-tokens/api-tokens";
import { getCurrentUser } from "@/lib/server/auth/session";
import { filtersToSearchParams } from "@/lib/validation/leaderboard-filters";

export async function generateMetadata() {
  const t = await getTranslations("research.exports");
  return { title: t("title") };
}

// min-w-0: a grid item is as wide as its content by default, so the API example would widen the page on a phone.
const card = "min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm";

export default async function ExportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("research.exports");
  const tc = await getTranslations("categories");
  return (
    <ResearchPage path="/research/exports" title={t("title")} lead={t("lead")} searchParams={searchParams}>
      {async (filters) => {
        const user = await getCurrentUser();
        const query = filtersToSearchParams(filters);
        const link = (path: string, format: string, extra: Record<string, string> = {}) => {
          const params = new URLSearchParams(query);
          params.set("format", format);
          for (const [name, value] of Object.entries(extra)) params.set(name, value);
          return `${path}?${params}`;
        };
        const downloads = [
          { href: link("/api/v1/leaderboard", "csv"), label: t("leaderboardCsv"), id: "leaderboard-csv" },
          { href: link("/api/v1/leaderboard", "json"), label: t("leaderboardJson"), id: "leaderboard-json" },
          // The coefficients come from the style fit: the link asks for it whatever the current style choice.
          { href: link("/api/v1/leaderboard", "csv", { style: "on", table: "coefficients" }), label: t("styleCoefficientsCsv"), id: "style-coefficients-csv" },
          { href: link("/api/v1/categories", "csv"), label: tc("exportCsv"), id: "categories-csv" },
          { href: link("/api/v1/categories", "json"), label: tc("exportJson"), id: "categories-json" },
          { href: link("/api/v1/votes", "jsonl"), label: t("votesJsonl"), id: "votes-jsonl" },
          { href: link("/api/v1/votes", "csv"), label: t("votesCsv"), id: "votes-csv" },
          { href: link("/api/v1/votes", "clean_battle"), label: t("cleanBattle"), id: "clean-battle" },
        ];
        const tokens = user?.role === "admin" ? await listApiTokens() : [];
        return (
          <div className="grid gap-5 lg:grid-cols-2">
            <section className={card}>
              <h2 className="font-semibold">{t("downloads")}</h2>
              <ul className="mt-3 space-y-2">
                {downloads.map((d) => (
                  <li key={d.id}>
                    <a href={d.href} data-testid={`export-${d.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline" download>
                      {d.label}
                    </a>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-sm text-slate-600">{t("cleanBattleHint")}</p>
            </section>
            <section className={card}>
              <h2 className="font-semibold">{t("api")}</h2>
              <p className="mt-1 text-sm text-slate-600">{t("apiHint")}</p>
              <pre dir="ltr" className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs leading-6 text-slate-100">{`GET /api/v1/leaderboard?language=ar&format=json
GET /api/v1/leaderboard?style=on&table=coefficients&format=csv
GET /api/v1/categories?format=csv
GET /api/v1/matrices?tag=culturally-sensitive
GET /api/v1/votes?format=clean_battle
Authorization: Bearer arena_…`}</pre>
            </section>
            <section className={`${card} lg:col-span-2`}>
              <h2 className="font-semibold">{t("tokens")}</h2>
              <div className="mt-3">
                {user?.role === "admin" ? (
                  <ApiTokenManager
                    tokens={tokens.map((x) => ({
                      id: x.id,
                      name: x.name,
                      createdAt: x.createdAt.toISOString(),
                      lastUsedAt: x.lastUsedAt?.toISOString() ?? null,
                      revokedAt: x.revokedAt?.toISOString() ?? null,
                      createdBy: x.createdBy.email,
                    }))}
                  />
                ) : (
                  <p className="text-sm text-slate-600">{t("tokensAdminOnly")}</p>
                )}
              </div>
            </section>
          </div>
        );
      }}
    </ResearchPage>
  );
}
