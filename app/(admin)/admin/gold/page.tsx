import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { Badge, Card, EmptyState, PageHeader, inputClass, secondaryButtonClass } from "@/components/ui";
import { DeleteGoldPairButton } from "@/components/quality/delete-gold-pair-button";
import { GoldPairForm } from "@/components/quality/gold-pair-form";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listGoldPairs } from "@/lib/server/quality/list-gold-pairs";
import { getGoldPrompt, listPromptSetsForGold, promptSearchLimit, searchGoldPrompts } from "@/lib/server/quality/search-gold-prompts";
import { goldPromptSearchSchema } from "@/lib/validation/quality";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("quality.gold");
  return { title: t("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const excerpt = (text: string, chars = 220) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > chars ? `${flat.slice(0, chars)}…` : flat;
};

// The search lives in the URL (set, q, prompt), so the page is plain server rendering plus one form.
function hrefWith(params: { set?: string; q?: string; prompt?: string }) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const s = query.toString();
  return s ? `/admin/gold?${s}` : "/admin/gold";
}

export default async function AdminGoldPage({ searchParams }: { searchParams: SearchParams }) {
  const access = await guardPage(audiences.admin, "/admin/gold");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("quality.gold");
  const tBattle = await getTranslations("battle");
  const language = (code: string) => (code === "ar" || code === "en" ? tBattle(`languageLabel.${code}`) : code);
  const raw = await searchParams;
  const search = goldPromptSearchSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [{ pairs, total }, promptSets, matches, chosen] = await Promise.all([
    listGoldPairs(),
    listPromptSetsForGold(),
    searchGoldPrompts({ promptSetId: search.set, query: search.q }),
    search.prompt ? getGoldPrompt(search.prompt) : Promise.resolve(null),
  ]);
  const searched = Boolean(search.set || search.q);

  return (
    <section data-testid="admin-gold" className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />

      <Card className="p-5">
        <h2 className="text-lg font-semibold">{t("addTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("addLead")}</p>
        <form method="get" action="/admin/gold" className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end" data-testid="gold-search">
          <div className="flex flex-col gap-1 sm:w-64">
            <label htmlFor="gold-set" className="text-sm font-medium text-slate-700">{t("promptSet")}</label>
            <select id="gold-set" name="set" defaultValue={search.set ?? ""} className={inputClass}>
              <option value="">{t("allSets")}</option>
              {promptSets.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </div>
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor="gold-q" className="text-sm font-medium text-slate-700">{t("search")}</label>
            <input id="gold-q" name="q" dir="auto" defaultValue={search.q ?? ""} maxLength={200} placeholder={t("searchPlaceholder")} className={inputClass} />
          </div>
          <button type="submit" className={`${secondaryButtonClass} py-2`}>{t("find")}</button>
        </form>

        <div className="mt-4">
          {!searched ? (
            <p className="text-sm text-slate-500">{t("searchHint")}</p>
          ) : matches.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noMatches")}</p>
          ) : (
            <>
              <p className="text-xs text-slate-500">{t("matches", { count: matches.length, limit: promptSearchLimit })}</p>
              <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="gold-matches">
                {matches.map((p) => {
                  const isChosen = chosen?.id === p.id;
                  return (
                    <li key={p.id} className={`flex items-start justify-between gap-3 px-3 py-2.5 ${isChosen ? "bg-brand-50" : ""}`}>
                      <div className="min-w-0">
                        <p className="text-xs text-slate-500">
                          <span dir="auto">{p.setName}</span> · <span dir="ltr" className="font-mono">{p.externalId}</span> · {language(p.language)} · {t("answeredBy", { count: p.models.length })}
                        </p>
                        <p className="mt-0.5 text-sm text-slate-800" dir="auto">{excerpt(p.text, 160)}</p>
                      </div>
                      {isChosen ? (
                        <Badge tone="blue">{t("chosen")}</Badge>
                      ) : (
                        <Link href={hrefWith({ set: search.set, q: search.q, prompt: p.id })} data-testid="gold-choose" className="shrink-0 text-sm font-medium text-brand-700 hover:underline">
                          {t("choose")}
                        </Link>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </div>

        {chosen && (
          <div className="mt-5 rounded-lg border border-brand-100 bg-brand-50/40 p-4" data-testid="gold-chosen">
            <h3 className="text-sm font-semibold text-slate-700">{t("chosenPrompt")}</h3>
            <p className="mt-1 text-xs text-slate-500">
              <span dir="auto">{chosen.setName}</span> · <span dir="ltr" className="font-mono">{chosen.externalId}</span> · {language(chosen.language)}
            </p>
            <p className="mt-2 max-h-40 overflow-y-auto whitespace-pre-wrap text-sm leading-6 text-slate-800" dir="auto">{chosen.text}</p>
            <div className="mt-4">
              {chosen.models.length < 2 ? (
                <p className="text-sm text-amber-800">{t("tooFewModels")}</p>
              ) : (
                <GoldPairForm promptId={chosen.id} models={chosen.models} responseTexts={chosen.responseTexts ?? {}} existingPairs={chosen.goldPairs} afterSaveHref={hrefWith({ set: search.set, q: search.q })} />
              )}
            </div>
          </div>
        )}
      </Card>

      <div className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("listTitle")}</h2>
          <p className="text-sm text-slate-600" data-testid="gold-count">
            {total > pairs.length ? t("countCapped", { shown: pairs.length, total }) : t("count", { total })}
          </p>
        </div>
        {pairs.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <Card className="overflow-hidden">
            <ul className="divide-y divide-slate-200" data-testid="gold-list">
              {pairs.map((p) => (
                <li key={p.id} data-testid="gold-pair" className="grid gap-3 px-4 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center">
                  <div className="min-w-0 space-y-2">
                    <p className="text-xs text-slate-500">
                      <span dir="auto">{p.prompt.setName}</span> · <span dir="ltr" className="font-mono">{p.prompt.externalId}</span> · {language(p.prompt.language)}
                    </p>
                    <p className="text-sm text-slate-800" dir="auto">{p.prompt.excerpt}</p>
                    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                      <span>
                        <span className="text-slate-500">{t("better")}: </span>
                        <span className="font-semibold text-emerald-700" dir="auto" data-testid="gold-better-model">{p.better.displayName}</span>
                      </span>
                      <span>
                        <span className="text-slate-500">{t("worse")}: </span>
                        <span className="font-medium text-slate-700" dir="auto">{p.worse.displayName}</span>
                      </span>
                      <span className="text-slate-500">
                        {t("results")}: {p.goldVotes ? t("resultsValue", { correct: p.goldCorrect, votes: p.goldVotes }) : t("noVotes")}
                      </span>
                    </div>
                  </div>
                  <DeleteGoldPairButton goldPairId={p.id} promptLabel={`${p.prompt.setName}/${p.prompt.externalId}`} />
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </section>
  );
}
