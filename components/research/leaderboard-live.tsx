"use client";

import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { Fragment, useEffect, useState } from "react";
import { formatNumber, numberLocale } from "@/lib/i18n/format";
import { battleBrowserHref } from "@/lib/validation/battle-browser-link";
import type { LeaderboardEntry, LeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { Card, DataTable, DataTableBody, DataTableHead, Td, Th } from "@/components/ui";
import { CiChart } from "./ci-chart";
import { DetailsRow, DetailsToggle, RatingStack, StackHeader, ciText, rankText, ratingFormat, useOpenRows } from "./rating-cells";
import { UnrankableModels } from "./unrankable-models";

type EloPayload = { k: number; permutations: number; votes: number; byModel: Record<string, { elo: number; permMean: number; permSd: number }> };

export const refreshIntervalMs = 4000;

// Secondary columns: shown from lg (1024 px) up; below it their numbers are in each row's details.
const wide = "hidden lg:table-cell";

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as T;
}

// Polls the leaderboard (cheap when nothing changed: the server caches by vote state) and fills the
// Elo columns once their separate, vote-order-dependent computation is ready.
export function LeaderboardLive({ initial, query }: { initial: LeaderboardPayload; query: string }) {
  const t = useTranslations("leaderboard");
  const tr = useTranslations("ratings");
  const tw = useTranslations("ratings.warning");
  const ts = useTranslations("styleControl");
  const locale = useLocale();
  // Model lists in the UI language's own form ("a, b, and c" / «a وb وc»).
  const modelList = (models: string[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(models);
  const fmt = ratingFormat(locale);
  // A rating warning in the UI language, from its code (the English message is for API readers).
  const warningText = (w: LeaderboardPayload["warnings"][number]) => {
    const key = w.code === "unknown-anchor" && w.params.reason ? "unrated-anchor" : w.code;
    if (!tw.has(key)) return w.message;
    const reason = typeof w.params.reason === "string" && tr.has(`reason.${w.params.reason}`) ? tr(`reason.${w.params.reason}`) : w.params.reason;
    return tw(key, { ...w.params, ...(reason === undefined ? {} : { reason }) });
  };
  const [board, setBoard] = useState(initial);
  const [elo, setElo] = useState<EloPayload | null>(null);
  const [online, setOnline] = useState(true);
  const details = useOpenRows();

  useEffect(() => {
    setBoard(initial);
    setElo(null);
  }, [initial]);

  useEffect(() => {
    let stopped = false;
    const suffix = query ? `?${query}` : "";
    // The first call skips the table the server has just rendered and fetches only the Elo columns.
    async function refresh(withBoard: boolean) {
      if (document.visibilityState === "hidden") return;
      try {
        if (withBoard) {
          const next = await getJson<LeaderboardPayload>(`/api/research/leaderboard${suffix}`);
          if (stopped) return;
          setBoard(next);
          setOnline(true);
        }
        const nextElo = await getJson<EloPayload>(`/api/research/elo${suffix}`);
        if (!stopped) setElo(nextElo);
      } catch {
        if (!stopped) setOnline(false);
      }
    }
    // The next refresh is timed from the end of the last: a slow server never has several queued from one tab.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async (withBoard: boolean) => {
      await refresh(withBoard);
      if (!stopped) timer = setTimeout(() => void loop(true), refreshIntervalMs);
    };
    void loop(false);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [query]);

  const entries: LeaderboardEntry[] = board.entries.map((e) => {
    const x = elo?.byModel[e.model];
    return x ? { ...e, elo: x.elo, eloPermMean: x.permMean, eloPermSd: x.permSd } : e;
  });
  // Western digits in both languages, so ratings, counts and times read alike.
  const time = new Intl.DateTimeFormat(locale === "ar" ? "ar-u-nu-latn" : "en-GB", { timeStyle: "medium" }).format(new Date(board.computedAt));
  const nf = new Intl.NumberFormat(numberLocale(locale));
  const day = new Intl.DateTimeFormat(locale === "ar" ? "ar-u-nu-latn" : "en-GB", { dateStyle: "medium", timeZone: "UTC" });
  const { summary, scale } = board;
  // One table per separately rated group (largest first); unrankable models are listed apart.
  const groups = Array.from({ length: scale.groups }, (_, g) => entries.filter((e) => e.group === g));
  const unrankable = entries.filter((e) => e.status === "unrankable");
  // With every model unrankable no bootstrap ran: no interval line, no chart.
  const rated = (groups[0]?.length ?? 0) > 0;
  // Style control (style=on): its columns beside the raw ones, and the coefficients panel.
  const style = board.styleControl;
  // An unbounded end (one cluster: no spread can be estimated) arrives as null in JSON, ±Infinity on the server.
  const bound = (x: number | null, infinite: string, digits = 0) => (x === null || !Number.isFinite(x) ? infinite : fmt(x, digits));
  const styleRequested = new URLSearchParams(query).get("style") === "on";
  const tc = useTranslations("categories");
  const anchor = scale.anchor === null ? null : (entries.find((e) => e.model === scale.anchor) ?? null);

  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600" data-testid="leaderboard-status">
        <span className={`inline-flex items-center gap-1.5 font-medium ${online ? "text-emerald-700" : "text-amber-700"}`}>
          <span className={`h-2 w-2 rounded-full ${online ? "bg-emerald-500 motion-safe:animate-pulse" : "bg-amber-500"}`} aria-hidden />
          {online ? t("live") : t("paused")}
        </span>
        <span data-testid="leaderboard-votes" data-votes={board.votes}>{t("fromVotes", { count: board.votes })}</span>
        <span data-testid="leaderboard-annotators" data-annotators={summary.annotators}>{tr("byAnnotators", { count: summary.annotators })}</span>
        {summary.firstVote && summary.lastVote && (
          <span data-testid="leaderboard-dates">
            {tr("dateRange", { from: day.format(new Date(summary.firstVote)), to: day.format(new Date(summary.lastVote)) })}
          </span>
        )}
        <span>· {t("updated", { time })}</span>
      </p>

      {rated && (
        <p className="text-sm text-slate-600" data-testid="interval-method" data-cluster={board.interval.cluster} data-clusters={board.interval.clusters ?? ""}>
          {board.interval.cluster === "vote"
            ? tr("intervalVote", { rounds: board.bootstrap })
            : board.interval.widen === null
              ? tr("intervalTooFew", { unit: tr(`unit.${board.interval.cluster}`), clusters: board.interval.clusters ?? 0 })
              : tr("intervalCluster", {
                  unit: tr(`unit.${board.interval.cluster}`),
                  clusters: board.interval.clusters ?? 0,
                  rounds: board.bootstrap,
                  widen: formatNumber(locale, board.interval.widen, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
                  df: (Math.min(board.interval.clusters ?? 0, board.interval.secondClusters ?? Infinity)) - 1,
                })}
        </p>
      )}

      {entries.length === 0 ? (
        <p data-testid="leaderboard-empty" className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("empty")}
        </p>
      ) : (
        <>
          {anchor && (
            <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="anchor-note">
              {tr("anchorNote", { model: anchor.displayName, rating: scale.anchorRating ?? 1000 })}
            </p>
          )}
          {groups.map((rows, g) => (
            <section key={g} className="space-y-2" data-testid="leaderboard-group" data-group={g}>
              {scale.groups > 1 && (
                <div>
                  <h2 className="font-semibold">{tr("groupTitle", { number: g + 1, count: rows.length })}</h2>
                  <p className="text-sm text-slate-600">{tr("groupHint")}</p>
                </div>
              )}
              <Card>
                {/* Wide screens: every column, the interval beneath each rating. Below lg the secondary columns
                    (rank interval, style rank, votes, win rate, Elo) are hidden and their numbers move into a
                    disclosure under the model's name, so a phone reads the table without scrolling sideways. */}
                <DataTable data-testid={g === 0 ? "leaderboard-table" : `leaderboard-table-${g}`}>
                  <DataTableHead>
                    <Th className="w-0">{t("rank")}</Th>
                    <Th className={wide}>{t("rankInterval")}</Th>
                    <Th>{t("model")}</Th>
                    <Th align="end" className="whitespace-normal"><StackHeader title={t("rating")} sub={t("ci")} /></Th>
                    {style && (
                      <>
                        <Th align="end" className="whitespace-normal bg-violet-50 text-violet-800" title={ts("columnHint")}><StackHeader title={ts("rating")} sub={t("ci")} /></Th>
                        <Th align="end" className={`bg-violet-50 text-violet-800 ${wide}`}>{ts("rank")}</Th>
                      </>
                    )}
                    <Th align="end" className={wide}>{t("votes")}</Th>
                    <Th align="end" className={wide}>{t("winRate")}</Th>
                    <Th align="end" className={wide}>{t("elo")}</Th>
                    <Th align="end" className={`${wide} whitespace-normal`}>{t("eloPerm", { count: board.elo.permutations })}</Th>
                  </DataTableHead>
                  <DataTableBody className="whitespace-nowrap">
                    {rows.map((e) => {
                      const rankInterval = e.rankBest === null ? "–" : e.rankBest === e.rankWorst ? String(e.rankBest) : `${e.rankBest}–${e.rankWorst}`;
                      const winRate = e.winRate === null ? "–" : formatNumber(locale, e.winRate, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
                      const eloText = elo ? fmt(e.elo) : t("computing");
                      const eloPermText = elo ? `${fmt(e.eloPermMean)} ± ${fmt(e.eloPermSd, 1)}` : t("computing");
                      const styleCi = e.style ? (e.model === scale.anchor ? tr("pinned") : `${bound(e.style.ciLow, "−∞")} – ${bound(e.style.ciHigh, "∞")}`) : "–";
                      const detailsId = `details-${g}-${e.model}`;
                      return (
                      <Fragment key={e.model}>
                      <tr data-model={e.model} className="align-top hover:bg-slate-50">
                        <Td className="font-semibold">{e.rank}</Td>
                        <Td className={`text-slate-600 ${wide}`} ltr data-testid="rank-interval">
                          {rankInterval}
                        </Td>
                        <Td className="min-w-20 whitespace-normal font-medium [overflow-wrap:anywhere]">
                          <Link
                            href={battleBrowserHref(query, { model: e.model })}
                            dir="auto"
                            className="text-brand-700 underline-offset-2 hover:underline"
                            title={t("browseModel", { model: e.displayName })}
                            data-testid="browse-model"
                          >
                            {e.displayName}
                          </Link>
                          {e.status === "preliminary" && (
                            <span className="ms-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-normal text-amber-800" title={tr("preliminaryHint", { min: scale.minVotes })} data-testid="preliminary">
                              {tr("preliminary")}
                            </span>
                          )}
                          {e.model === scale.anchor && (
                            <span className="ms-2 inline-block rounded bg-sky-100 px-1.5 py-0.5 text-xs font-normal text-sky-800">{tr("anchorBadge")}</span>
                          )}
                          <DetailsToggle label={t("details")} open={details.isOpen(detailsId)} onToggle={() => details.toggle(detailsId)} id={detailsId} />
                        </Td>
                        <RatingStack rating={fmt(e.rating)} ci={e.model === scale.anchor ? tr("pinned") : ciText(e, fmt)} testId="rating" ciTestId="ci" />
                        {style && (
                          <>
                            <RatingStack rating={e.style ? fmt(e.style.rating) : "–"} ci={styleCi} testId="style-rating" ciTestId="style-ci" className="bg-violet-50/40" />
                            <Td align="end" ltr className={`bg-violet-50/40 ${wide}`} data-testid="style-rank">
                              {e.style ? rankText(e.style) : "–"}
                            </Td>
                          </>
                        )}
                        <Td align="end" className={wide} data-testid="votes">{nf.format(e.votes)}</Td>
                        <Td align="end" className={wide}>{winRate}</Td>
                        <Td align="end" className={`text-slate-600 ${wide}`}>{elo ? eloText : <span className="text-slate-500">{eloText}</span>}</Td>
                        <Td align="end" className={`text-slate-600 ${wide}`} ltr>
                          {elo ? eloPermText : <span className="text-slate-500">{eloPermText}</span>}
                        </Td>
                      </tr>
                      {details.isOpen(detailsId) && (
                        <DetailsRow
                          id={detailsId}
                          columns={style ? 4 : 3}
                          items={[
                            { term: t("rankInterval"), value: rankInterval },
                            ...(style ? [{ term: ts("rank"), value: e.style ? rankText(e.style) : "–" }] : []),
                            { term: t("votes"), value: nf.format(e.votes) },
                            { term: t("winRate"), value: winRate },
                            { term: t("elo"), value: eloText },
                            { term: t("eloPerm", { count: board.elo.permutations }), value: eloPermText },
                          ]}
                        />
                      )}
                      </Fragment>
                      );
                    })}
                  </DataTableBody>
                </DataTable>
              </Card>
            </section>
          ))}
          <p className="text-xs text-slate-500">{tr("rankNote")}</p>
          <p className="text-xs text-slate-500">{t("ciNote")}</p>
          <p className="text-sm">
            <Link href={query ? `/research/categories?${query}` : "/research/categories"} className="font-medium text-brand-700 underline-offset-2 hover:underline" data-testid="categories-link">
              {tc("link")} {locale === "ar" ? "←" : "→"}
            </Link>
          </p>

          {rated && (
          <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="font-semibold">{t("chartTitle")}</h2>
            <p className="mt-1 text-sm text-slate-600">{t("chartHint")}</p>
            <div className="mt-3">
              <CiChart entries={groups[0] ?? []} rtl={locale === "ar"} />
            </div>
            {/* A bar needs both ends: models whose interval is unbounded (too few votes) are named, not silently left out. */}
            {(() => {
              const unbounded = (groups[0] ?? []).filter((e) => e.rating !== null && (e.ciLow === null || e.ciHigh === null)).map((e) => e.displayName);
              return unbounded.length > 0 ? (
                <p className="mt-2 text-sm text-slate-600" data-testid="chart-unbounded">
                  {t("chartUnbounded", { models: modelList(unbounded) })}
                </p>
              ) : null;
            })()}
          </section>
          )}

          {style && (
            <section className="rounded-xl border border-violet-200 bg-white p-4 shadow-sm" data-testid="style-panel">
              <h2 className="font-semibold">{ts("panelTitle")}</h2>
              <p className="mt-1 max-w-4xl text-sm text-slate-600">{ts("explanation")}</p>
              {style.tooFewVotes ? (
                <p className="mt-3 max-w-4xl rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="style-too-few">
                  {ts("tooFew", { votes: style.votes, parameters: style.tooFewVotes.parameters, needed: style.tooFewVotes.needed })}
                </p>
              ) : (
              <div className="mt-3 max-w-3xl">
                <DataTable data-testid="style-coefficients">
                  <DataTableHead>
                    {/* Headers and the "not estimated" note wrap, so the interval column fits a phone's width. */}
                    <Th className="whitespace-normal">{ts("feature")}</Th>
                    <Th align="end" className="whitespace-normal">{ts("points")}</Th>
                    <Th align="end" className="whitespace-normal">{ts("interval")}</Th>
                  </DataTableHead>
                  <DataTableBody>
                    {style.coefficients.map((c) => (
                      <tr key={c.feature} data-feature={c.feature} data-points={c.points}>
                        <Td>{ts.has(`features.${c.feature}`) ? ts(`features.${c.feature}`) : c.feature}</Td>
                        {c.varies ? (
                          <>
                            <Td align="end" ltr className="font-semibold">{fmt(c.points, 1)}</Td>
                            <Td align="end" ltr className="whitespace-nowrap text-slate-600">{`${bound(c.low, "−∞", 1)} – ${bound(c.high, "∞", 1)}`}</Td>
                          </>
                        ) : (
                          <Td align="end" colSpan={2} className="whitespace-normal text-slate-500" data-testid="style-constant">{ts("constant")}</Td>
                        )}
                      </tr>
                    ))}
                  </DataTableBody>
                </DataTable>
              </div>
              )}
              {/* A refused fit has no votes "in" it: the too-few notice above already counts them. */}
              {(!style.tooFewVotes || style.withoutFeatures > 0) && (
                <p className="mt-3 text-sm text-slate-600" data-testid="style-votes">
                  {!style.tooFewVotes && ts("votes", { count: style.votes })}
                  {!style.tooFewVotes && style.withoutFeatures > 0 && " · "}
                  {style.withoutFeatures > 0 && ts("withoutFeatures", { count: style.withoutFeatures })}
                </p>
              )}
              {!style.tooFewVotes && (
              <p className="mt-1 text-sm text-slate-600" data-testid="style-interval-note" data-cluster={style.interval.cluster}>
                {style.interval.cluster === "vote"
                  ? ts("intervalNoteVote", { rounds: style.rounds })
                  : ts("intervalNote", { rounds: style.rounds, unit: tr(`clusterOption.${style.interval.cluster}`) })}
              </p>
              )}
            </section>
          )}
          {styleRequested && !style && rated && (
            <p className="rounded-md bg-violet-50 px-3 py-2 text-sm text-violet-900" data-testid="style-none">{ts("none")}</p>
          )}

          {unrankable.length > 0 && <UnrankableModels entries={unrankable} />}

          {board.warnings.length > 0 && (
            <section className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="rating-warnings">
              <h2 className="font-semibold">{t("warningsTitle")}</h2>
              <ul className="mt-2 list-disc space-y-1 ps-5">
                {board.warnings.map((w, i) => (
                  <li key={i} data-code={w.code}>
                    {warningText(w)}
                    {w.models.length > 0 && (
                      <>
                        {": "}
                        <span>{modelList(w.models)}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
