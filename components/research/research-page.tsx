import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getFilterOptions } from "@/lib/server/research/get-filter-options";
import { leaderboardFiltersSchema, parseLeaderboardFilters, type LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { FilterBar, type ExtraFilter } from "./filter-bar";
import { ResearchNav } from "./research-nav";
import { audiences } from "@/lib/validation/auth";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The frame every research page shares: role guard, title, tabs, filter bar; invalid filters in a
// shared link are reported and fall back to defaults rather than failing the page.
export async function ResearchPage({
  path,
  title,
  lead,
  searchParams,
  showFilters = true,
  extraFilters,
  ratingFields = true,
  children,
}: {
  path: string;
  title: string;
  lead?: string;
  searchParams: SearchParams;
  showFilters?: boolean;
  // More selects for the filter bar, computed only once the visitor's role is checked.
  extraFilters?: () => Promise<ExtraFilter[]>;
  ratingFields?: boolean;
  children: (filters: LeaderboardFilters) => Promise<React.ReactNode> | React.ReactNode;
}) {
  const access = await guardPage(audiences.researcher, path);
  if (!access.allowed) return <Forbidden roles={audiences.researcher} />;
  const t = await getTranslations("leaderboard");
  const filterNames = await getTranslations("research.filters");
  const format = await getFormatter();
  const parsed = parseLeaderboardFilters(await searchParams);
  const filters = parsed.success ? parsed.data : leaderboardFiltersSchema.parse({});
  const [options, extra] = showFilters ? await Promise.all([getFilterOptions(filters.flag), extraFilters?.() ?? []]) : [null, []];
  return (
    <section className="space-y-5" data-testid="research-page">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {lead && <p className="mt-1 max-w-3xl text-slate-600">{lead}</p>}
      </div>
      <ResearchNav />
      {!parsed.success && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="invalid-filters">
          {t("invalidFilters", { message: format.list(invalidFilterNames(parsed.error.issues, (name) => (filterNames.has(name) ? filterNames(name) : name)), { type: "conjunction" }) })}
        </p>
      )}
      {options && <FilterBar filters={filters} options={options} extra={extra} ratingFields={ratingFields} />}
      {await children(filters)}
    </section>
  );
}

// The filters a link got wrong, named as the filter bar names them (the UI's language, not zod's English).
function invalidFilterNames(issues: readonly { path: readonly PropertyKey[] }[], label: (name: string) => string): string[] {
  return [...new Set(issues.map((i) => String(i.path[0] ?? "")))].filter(Boolean).map(label);
}
