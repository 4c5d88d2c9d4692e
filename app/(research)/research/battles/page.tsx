import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { BattleList } from "@/components/research/battle-list";
import type { ExtraFilter } from "@/components/research/filter-bar";
import { ResearchPage } from "@/components/research/research-page";
import { browseBattles, browseFilterOptions } from "@/lib/server/research/browse-battles";
import { BROWSE_OUTCOMES, battleBrowserExtraShape, parseBattleBrowserExtras } from "@/lib/validation/battle-browser";
import { filtersToSearchParams } from "@/lib/validation/leaderboard-filters";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata() {
  const t = await getTranslations("research.battles");
  return { title: t("title") };
}

// The battle browser: prompts with both answers, the votes and reasons, under the leaderboard's filters
// plus model / model pair, outcome and annotator; keyset pages, newest first.
export default async function BattlesPage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslations("research.battles");
  const raw = await searchParams;
  const parsed = parseBattleBrowserExtras(raw);
  // Invalid browser params (a stale cursor, an unknown outcome) are named and ignored, as the filters are.
  const extras = parsed.success ? parsed.data : battleBrowserExtraShape.parse({});
  const invalid = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")))].filter(Boolean);

  async function extraFilters(): Promise<ExtraFilter[]> {
    const options = await browseFilterOptions();
    const models = [{ value: "", label: t("anyModel") }, ...options.models.map((m) => ({ value: m.key, label: m.displayName }))];
    return [
      { name: "model", label: t("model"), value: extras.model ?? "", choices: models },
      { name: "vs", label: t("vs"), value: extras.vs ?? "", choices: models },
      {
        name: "outcome",
        label: t("outcome"),
        value: extras.outcome ?? "",
        choices: [{ value: "", label: t("outcomeOption.any") }, ...BROWSE_OUTCOMES.map((o) => ({ value: o, label: t(`outcomeOption.${o}`) }))],
      },
      {
        name: "annotator",
        label: t("annotator"),
        value: extras.annotator ?? "",
        choices: [{ value: "", label: t("anyAnnotator") }, ...options.annotators.map((a) => ({ value: a.id, label: a.email }))],
      },
    ];
  }

  return (
    <ResearchPage path="/research/battles" title={t("title")} lead={t("lead")} searchParams={searchParams} extraFilters={extraFilters} ratingFields={false}>
      {async (filters) => {
        const page = await browseBattles({ ...filters, ...extras });
        // Links to the other pages keep every filter; the cursor is the only thing that changes.
        const base = filtersToSearchParams(filters);
        for (const key of ["model", "vs", "outcome", "annotator"] as const) if (extras[key]) base.set(key, extras[key]!);
        if (extras.pageSize !== battleBrowserExtraShape.shape.pageSize.parse(undefined)) base.set("pageSize", String(extras.pageSize));
        const href = (cursor: { after?: string; before?: string }) => {
          const params = new URLSearchParams(base);
          if (cursor.after) params.set("after", cursor.after);
          if (cursor.before) params.set("before", cursor.before);
          const query = params.toString();
          return query ? `/research/battles?${query}` : "/research/battles";
        };
        const paramNames = await getTranslations("research.battles.param");
        const format = await getFormatter();
        return (
          <div className="space-y-4">
            {invalid.length > 0 && (
              <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="invalid-browser-params">
                {t("invalidParams", { message: format.list([...new Set(invalid.map((name) => (paramNames.has(name) ? paramNames(name) : name)))], { type: "conjunction" }) })}
              </p>
            )}
            <p className="text-xs text-slate-500">{t("outcomeHint")}</p>
            <BattleList
              page={page}
              locale={await getLocale()}
              newestHref={extras.after || extras.before ? href({}) : null}
              olderHref={page.older ? href({ after: page.older }) : null}
              newerHref={page.newer ? href({ before: page.newer }) : null}
            />
          </div>
        );
      }}
    </ResearchPage>
  );
}
