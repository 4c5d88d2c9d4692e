import { getTranslations } from "next-intl/server";
import { Heatmap, type HeatmapCell } from "@/components/research/heatmap";
import { ResearchPage } from "@/components/research/research-page";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { battleBrowserHref } from "@/lib/validation/battle-browser-link";
import { filtersToSearchParams } from "@/lib/validation/leaderboard-filters";

export async function generateMetadata() {
  const t = await getTranslations("research.matrices");
  return { title: t("title") };
}

const percent = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}`);

export default async function MatricesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("research.matrices");
  return (
    <ResearchPage path="/research/matrices" title={t("title")} lead={t("lead")} searchParams={searchParams}>
      {async (filters) => {
        const { leaderboard, models } = await getLeaderboard(filters);
        const m = leaderboard.matrices;
        if (!m || leaderboard.models.length === 0) return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{t("empty")}</p>;
        // Rows and columns in rating order, so the strongest model is at the top left.
        const indexOf = new Map(m.models.map((id, i) => [id, i]));
        const order = leaderboard.models.map((r) => indexOf.get(r.model)!).filter((i) => i !== undefined);
        const nameOf = new Map(models.map((x) => [x.id, x.displayName]));
        const keyOf = new Map(models.map((x) => [x.id, x.key]));
        const query = filtersToSearchParams(filters).toString();
        // A cell leads to the battle browser for its pair (row model against column model, either side).
        const browse = (i: number, j: number) => battleBrowserHref(query, { model: keyOf.get(m.models[i]!), vs: keyOf.get(m.models[j]!) });
        const labels = order.map((i) => nameOf.get(m.models[i]!) ?? m.models[i]!);
        const grid = (value: (i: number, j: number) => number | null, text: (v: number | null, i: number, j: number) => string): HeatmapCell[][] =>
          order.map((i, r) =>
            order.map((j, c) => {
              const v = value(i, j);
              const title = t("cellTitle", { row: labels[r]!, col: labels[c]!, value: text(v, i, j), games: m.games[i]![j]! });
              return { value: v, text: text(v, i, j), title, href: m.games[i]![j]! > 0 ? browse(i, j) : undefined };
            }),
          );
        const maxGames = Math.max(1, ...m.games.flat());
        const sections = [
          { key: "empirical", cells: grid((i, j) => (m.games[i]![j]! > 0 ? m.empiricalWinRate[i]![j]! : null), (v) => percent(v)), diverging: true },
          { key: "games", cells: grid((i, j) => m.games[i]![j]! / maxGames, (_v, i, j) => String(m.games[i]![j]!)), diverging: false },
          { key: "predicted", cells: grid((i, j) => m.predictedWinRate[i]![j]!, (v) => percent(v)), diverging: true },
        ] as const;
        return (
          <div className="grid gap-5 xl:grid-cols-2">
            {sections.map((s) => (
              <section key={s.key} className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <h2 className="font-semibold">{t(s.key)}</h2>
                <p className="mb-3 mt-1 text-sm text-slate-600">{t(`${s.key}Hint`)}</p>
                <Heatmap labels={labels} cells={s.cells as HeatmapCell[][]} diverging={s.diverging} testId={`matrix-${s.key}`} />
              </section>
            ))}
          </div>
        );
      }}
    </ResearchPage>
  );
}
