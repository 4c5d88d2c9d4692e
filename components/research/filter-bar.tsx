"use client";

import { usePathname, useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import type { FilterOptions } from "@/lib/server/research/get-filter-options";
import { CLUSTER_UNITS } from "@/lib/ratings/cluster-bootstrap";
import { useHydrated } from "@/components/use-hydrated";
import { filtersToSearchParams, type LeaderboardFilters } from "@/lib/validation/leaderboard-filters";

const fieldClass = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

// More selects a page adds to the bar (the battle browser's model, outcome and annotator), in the URL too.
export type ExtraFilter = { name: string; label: string; value: string; choices: { value: string; label: string }[] };

// A GET form: every filter lands in the URL, so any view can be shared and survives a reload.
// ratingFields=false: the rating-only choices (ties, both bad, interval) are kept in the URL but not shown,
// for pages where they change nothing.
export function FilterBar({ filters, options, extra = [], ratingFields = true }: { filters: LeaderboardFilters; options: FilterOptions; extra?: ExtraFilter[]; ratingFields?: boolean }) {
  const t = useTranslations("research.filters");
  const tr = useTranslations("ratings");
  const ts = useTranslations("styleControl");
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  // A choice made before hydration would change nothing (the form applies itself from its change handler): the
  // controls stay disabled until then, as on a slow phone or a loaded machine.
  const hydrated = useHydrated();

  function apply(form: HTMLFormElement) {
    const values = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const query = filtersToSearchParams(values as Partial<LeaderboardFilters>).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  const select = (name: keyof LeaderboardFilters, label: string, choices: { value: string; label: string }[]) => selectOf(name, label, String(filters[name] ?? ""), choices);
  const selectOf = (name: string, label: string, value: string, choices: { value: string; label: string }[]) => (
    <label key={name} className="block min-w-0">
      <span className="text-xs font-medium text-slate-600">{label}</span>
      <select name={name} defaultValue={value} disabled={!hydrated} className={fieldClass} data-testid={`filter-${name}`}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
  const any = { value: "", label: t("any") };

  return (
    <form
      key={JSON.stringify([filters, extra.map((e) => e.value)])}
      method="get"
      data-ready={hydrated}
      onChange={(e) => apply(e.currentTarget)}
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
      className="grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6"
      aria-label={t("title")}
    >
      {select("language", t("language"), [
        { value: "all", label: t("all") },
        { value: "ar", label: t("ar") },
        { value: "en", label: t("en") },
      ])}
      {select("category", t("category"), [any, ...options.categories.map((c) => ({ value: c, label: c }))])}
      {select("tag", t("tag"), [any, ...options.tags.map((c) => ({ value: c, label: c }))])}
      {select("flag", t("flag"), [any, ...options.flags.map((f) => ({ value: f.key, label: locale === "ar" ? f.ar : f.en }))])}
      {select("promptSet", t("promptSet"), [any, ...options.promptSets.map((s) => ({ value: s.id, label: s.name }))])}
      {select("campaign", t("campaign"), [any, ...options.campaigns.map((c) => ({ value: c.id, label: c.name }))])}
      {select("excluded", t("excluded"), [
        { value: "exclude", label: t("exclude") },
        { value: "include", label: t("include") },
      ])}
      {select("leaked", t("leaked"), [
        { value: "exclude", label: t("exclude") },
        { value: "include", label: t("include") },
      ])}
      <label className="block">
        <span className="text-xs font-medium text-slate-600">{t("from")}</span>
        <input type="date" disabled={!hydrated} name="from" defaultValue={filters.from ?? ""} className={fieldClass} data-testid="filter-from" />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">{t("to")}</span>
        <input type="date" disabled={!hydrated} name="to" defaultValue={filters.to ?? ""} className={fieldClass} data-testid="filter-to" />
      </label>
      {extra.map((e) => selectOf(e.name, e.label, e.value, e.choices))}
      {ratingFields ? (
        <>
          {select("ties", t("ties"), [
            { value: "half", label: t("half") },
            { value: "drop", label: t("drop") },
          ])}
          {select("bothbad", t("bothbad"), [
            { value: "half", label: t("half") },
            { value: "drop", label: t("drop") },
          ])}
          {/* Set in the URL only; kept when other filters change. */}
          <input type="hidden" name="minVotes" value={String(filters.minVotes)} />
          {filters.anchor && <input type="hidden" name="anchor" value={filters.anchor} />}
          {select("cluster", tr("filterCluster"), CLUSTER_UNITS.map((u) => ({ value: u, label: tr(`clusterOption.${u}`) })))}
          {select("style", ts("filter"), [
            { value: "off", label: ts("off") },
            { value: "on", label: ts("on") },
          ])}
        </>
      ) : (
        <>
          <input type="hidden" name="ties" value={filters.ties} />
          <input type="hidden" name="bothbad" value={filters.bothbad} />
          <input type="hidden" name="cluster" value={filters.cluster} />
          <input type="hidden" name="style" value={filters.style} />
          <input type="hidden" name="minVotes" value={String(filters.minVotes)} />
          {filters.anchor && <input type="hidden" name="anchor" value={filters.anchor} />}
        </>
      )}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1 lg:col-span-1">
        <button type="button" disabled={!hydrated} onClick={() => router.replace(pathname, { scroll: false })} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">
          {t("reset")}
        </button>
      </div>
    </form>
  );
}
