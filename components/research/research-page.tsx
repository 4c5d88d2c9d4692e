import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";
import Link from "next/link";
import { getFilterOptions } from "@/lib/server/research/get-filter-options";
import { unknownFilters, type UnknownFilter } from "@/lib/server/research/known-filters";
import { filtersToSearchParams, leaderboardFiltersSchema, parseLeaderboardFilters, type LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
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
  const raw = await searchParams;
  // Sign-in brings the visitor back to this page with its filters (a shared link keeps them all in its query).
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) for (const v of [value ?? []].flat()) query.append(key, v);
  const access = await guardPage(audiences.researcher, query.size > 0 ? `${path}?${query}` : path);
  if (!access.allowed) return <Forbidden roles={audiences.researcher} />;
  const t = await getTranslations("leaderboard");
  const filterNames = await getTranslations("research.filters");
  const format = await getFormatter();
  const filterName = (name: string) => (filterNames.has(name) ? filterNames(name) : name);
  const parsed = parseLeaderboardFilters(raw);
  // The API refuses a parameter given twice; a page uses the first and says so.
  const repeated = Object.entries(raw).filter(([, value]) => Array.isArray(value) && value.length > 1).map(([key]) => key);
  const filters = parsed.success ? parsed.data : leaderboardFiltersSchema.parse({});
  const [options, extra] = showFilters ? await Promise.all([getFilterOptions(filters.flag), extraFilters?.() ?? []]) : [null, []];
  // Checked against the categories and tags the filter bar has just loaded (no second query).
  const unknown = options ? unknownFilters(filters, options) : [];
  return (
    <section className="space-y-5" data-testid="research-page">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {lead && <p className="mt-1 max-w-3xl text-slate-600">{lead}</p>}
      </div>
      <ResearchNav />
      {!parsed.success && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="invalid-filters">
          {t("invalidFilters", { message: format.list(invalidFilterNames(parsed.error.issues, filterName), { type: "conjunction" }) })}
        </p>
      )}
      {repeated.length > 0 && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="repeated-filters">
          {t("repeatedFilters", { message: format.list(repeated.map(filterName), { type: "conjunction" }) })}
        </p>
      )}
      {options && <FilterBar filters={filters} options={options} extra={extra} ratingFields={ratingFields} />}
      {/* A category or tag no prompt has: say so and offer the real ones, rather than an empty table that reads
          as "no votes yet". */}
      {unknown.length > 0 ? <UnknownFilters path={path} filters={filters} unknown={unknown} /> : await children(filters)}
    </section>
  );
}

async function UnknownFilters({ path, filters, unknown }: { path: string; filters: LeaderboardFilters; unknown: UnknownFilter[] }) {
  const t = await getTranslations("leaderboard");
  const href = (change: Partial<LeaderboardFilters>) => {
    const query = filtersToSearchParams({ ...filters, ...change }).toString();
    return query ? `${path}?${query}` : path;
  };
  return (
    <div className="space-y-4">
      {unknown.map((u) => (
        <section key={u.name} role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-amber-950" data-testid="unknown-filter" data-name={u.name} data-value={u.value}>
          <p className="font-medium">{t("unknownFilter", { kind: u.name, value: u.value })}</p>
          {u.known.length === 0 ? (
            <p className="mt-2 text-sm">{t("unknownFilterNone", { kind: u.name })}</p>
          ) : (
            <>
              <p className="mt-2 text-sm">{t("unknownFilterChoose", { kind: u.name })}</p>
              <ul className="mt-2 flex flex-wrap gap-2" data-testid="known-values">
                {u.known.map((value) => (
                  <li key={value}>
                    <Link href={href({ [u.name]: value })} dir="auto" className="inline-block rounded-full border border-amber-300 bg-white px-3 py-1 text-sm text-brand-700 hover:bg-amber-100" data-testid="known-value">
                      {value}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="mt-3 text-sm">
            <Link href={href({ [u.name]: undefined })} className="font-medium text-brand-700 underline underline-offset-2" data-testid="clear-unknown-filter">
              {t("unknownFilterClear", { kind: u.name })}
            </Link>
          </p>
        </section>
      ))}
    </div>
  );
}

// The filters a link got wrong, named as the filter bar names them (the UI's language, not zod's English).
function invalidFilterNames(issues: readonly { path: readonly PropertyKey[] }[], label: (name: string) => string): string[] {
  return [...new Set(issues.map((i) => String(i.path[0] ?? "")))].filter(Boolean).map(label);
}
