import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Markdown } from "@/components/markdown";
import { Badge, EmptyState } from "@/components/ui";
import { formatNumber, isolate, numberLocale } from "@/lib/i18n/format";
import type { BrowsedVote, BrowsePage } from "@/lib/server/research/browse-battles";

const pagerLink = "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

// One page of the battle browser: each vote with its prompt, both answers (as the annotator saw them: A
// at the start side) and the reason; then links to the newer and older pages.
export async function BattleList({ page, locale, newestHref, newerHref, olderHref }: { page: BrowsePage; locale: string; newestHref: string | null; newerHref: string | null; olderHref: string | null }) {
  const t = await getTranslations("research.battles");
  const tb = await getTranslations("battle");
  const filters = await getTranslations("research.filters");
  if (page.unknownModels.length > 0) {
    return (
      <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="browser-unknown-model">
        {t("unknownModel", { count: page.unknownModels.length, models: isolate(page.unknownModels.join(", ")) })}
      </p>
    );
  }
  const when = new Intl.DateTimeFormat(numberLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  // At the top (a navigation landmark, with the test ids) and again, plainly, below the list.
  const pagerAt = (top: boolean) => {
    const id = (name: string) => (top ? name : undefined);
    const Wrapper = top ? "nav" : "div";
    return (
      <Wrapper aria-label={top ? t("pagination") : undefined} className="flex flex-wrap items-center justify-between gap-3" data-testid={id("browser-pager")}>
        <p className="text-sm text-slate-600" data-testid={id("browser-count")} data-count={page.votes.length}>
          {t("pageCount", { count: page.votes.length })}
        </p>
        <div className="flex flex-wrap gap-2">
          {newestHref && (
            <Link href={newestHref} className={pagerLink} data-testid={id("page-newest")}>
              {t("newest")}
            </Link>
          )}
          {newerHref && (
            <Link href={newerHref} className={pagerLink} data-testid={id("page-newer")} rel="prev">
              {t("newer")}
            </Link>
          )}
          {olderHref && (
            <Link href={olderHref} className={pagerLink} data-testid={id("page-older")} rel="next">
              {t("older")}
            </Link>
          )}
        </div>
      </Wrapper>
    );
  };
  const pager = pagerAt(true);
  if (page.votes.length === 0) {
    return (
      <div className="space-y-3">
        <div data-testid="browser-empty">
          <EmptyState>{t("empty")}</EmptyState>
        </div>
        {(newestHref || newerHref || olderHref) && pager}
      </div>
    );
  }

  const verdict = (v: BrowsedVote) =>
    v.winner === "model_a" ? t("verdict.model_a", { model: isolate(v.modelA.displayName) }) : v.winner === "model_b" ? t("verdict.model_b", { model: isolate(v.modelB.displayName) }) : t(`verdict.${v.winner}`);
  const tone = (v: BrowsedVote) => (v.winner === "tie" ? "slate" : v.winner === "tie_bothbad" ? "red" : "green");

  return (
    <div className="space-y-4">
      {pager}
      <ol className="space-y-4" data-testid="browser-votes">
        {page.votes.map((v) => {
          const meta = [
            { key: "votedAt", value: <time dateTime={v.createdAt}>{`${when.format(new Date(v.createdAt))} UTC`}</time> },
            { key: "votedBy", value: <span dir="ltr" className="break-all">{v.annotator.email}</span> },
            { key: "took", value: t("seconds", { seconds: formatNumber(locale, v.timeTakenMs / 1000, { maximumFractionDigits: 1 }) }) },
            { key: "language", value: filters(v.language) },
            { key: "category", value: <span dir="auto">{v.prompt.category}</span> },
            { key: "source", value: <span dir="auto">{`${v.prompt.promptSet} · ${v.prompt.externalId}`}</span> },
            ...(v.campaign ? [{ key: "campaign", value: <span dir="auto">{v.campaign}</span> }] : []),
          ];
          const sides = [
            { side: "a", label: tb("responseA"), model: v.modelA, text: v.responseA, won: v.winner === "model_a", flags: v.flagsA },
            { side: "b", label: tb("responseB"), model: v.modelB, text: v.responseB, won: v.winner === "model_b", flags: v.flagsB },
          ];
          return (
            <li key={v.id}>
              <article
                className="rounded-xl border border-slate-200 bg-white shadow-sm"
                data-testid="browsed-vote"
                data-vote={v.id}
                data-winner={v.winner}
                data-model-a={v.modelA.key}
                data-model-b={v.modelB.key}
                data-annotator={v.annotator.id}
                data-language={v.language}
                data-created={v.createdAt}
              >
                <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
                  <h2 className="min-w-0 font-semibold">{t("pair", { a: isolate(v.modelA.displayName), b: isolate(v.modelB.displayName) })}</h2>
                  <div className="flex flex-wrap items-center gap-2">
                    {v.isGold && <Badge tone="amber">{t("gold")}</Badge>}
                    {v.flaggedFast && (
                      <span title={t("fastHint")}>
                        <Badge tone="red">{t("fast")}</Badge>
                      </span>
                    )}
                    <span data-testid="browsed-verdict">
                      <Badge tone={tone(v)}>{verdict(v)}</Badge>
                    </span>
                  </div>
                </header>
                <dl className="grid grid-cols-1 gap-x-6 gap-y-1 px-4 py-3 text-xs sm:grid-cols-2 lg:grid-cols-4">
                  {meta.map((m) => (
                    <div key={m.key} className="flex min-w-0 gap-1.5">
                      <dt className="shrink-0 text-slate-500">{t(m.key)}:</dt>
                      <dd className="min-w-0 text-slate-800">{m.value}</dd>
                    </div>
                  ))}
                </dl>
                <div className="px-4 pb-3">
                  <h3 className="text-xs font-semibold text-slate-500">{t("prompt")}</h3>
                  <Markdown text={v.prompt.text} className="mt-1 text-sm" />
                </div>
                <div className="grid gap-3 px-4 pb-4 md:grid-cols-2">
                  {sides.map((s) => (
                    <div key={s.side} className={`min-w-0 rounded-lg border p-3 ${s.won ? "border-emerald-400 bg-emerald-50/40" : "border-slate-200"}`} data-testid={`browsed-answer-${s.side}`}>
                      <h3 className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-semibold">
                        <span>{s.label}</span>
                        <span className="font-normal text-slate-600" dir="auto">
                          {s.model.displayName}
                        </span>
                        {s.won && <Badge tone="green">{t("preferred")}</Badge>}
                      </h3>
                      {s.flags.length > 0 && (
                        <ul className="mt-1 flex flex-wrap gap-1" aria-label={t("flagsOn", { response: s.label })} data-testid={`browsed-flags-${s.side}`}>
                          {s.flags.map((f) => (
                            <li key={f.key} data-flag={f.key}>
                              <Badge tone="amber">{locale === "ar" ? f.ar : f.en}</Badge>
                            </li>
                          ))}
                        </ul>
                      )}
                      {/* Long answers scroll inside their box; focusable so keyboards can scroll it too. */}
                      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1; axe scrollable-region-focusable). */}
                      <section tabIndex={0} aria-label={t("answerRegion", { response: s.label, model: isolate(s.model.displayName) })} className="mt-2 max-h-96 overflow-y-auto rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
                        {s.text === null ? <p className="text-sm text-slate-500">{t("noResponse")}</p> : <Markdown text={s.text} className="text-sm" />}
                      </section>
                    </div>
                  ))}
                </div>
                <div className="border-t border-slate-100 px-4 py-3 text-sm" data-testid="browsed-reason">
                  <span className="font-medium text-slate-700">{t("reason")}: </span>
                  {v.reason ? <span dir="auto" className="whitespace-pre-wrap">{v.reason}</span> : <span className="text-slate-500">{t("noReason")}</span>}
                </div>
              </article>
            </li>
          );
        })}
      </ol>
      {pagerAt(false)}
    </div>
  );
}
