"use client";

import { Fragment } from "react";
import { useLocale, useTranslations } from "next-intl";
import { numberLocale } from "@/lib/i18n/format";
import type { CategoryView, CategoryViewSlice, SliceKind } from "@/lib/server/research/get-category-view";
import { Card, DataTable, DataTableBody, DataTableHead, Td, Th } from "@/components/ui";
import { DetailsRow, DetailsToggle, RatingStack, StackHeader, ciText, rankText, ratingFormat, useOpenRows } from "./rating-cells";

// Secondary columns: shown from lg (1024 px) up; below it their numbers are in each row's details.
const wide = "hidden lg:table-cell";

const kinds: readonly SliceKind[] = ["language", "category", "tag"];

// Every language, category and tag: its own ratings and ranks, each model's rank change against the overall
// table, and the noise baseline at the slice's size (lib/ratings/category-shift.ts).
export function CategoryViewTables({ view }: { view: CategoryView }) {
  const t = useTranslations("categories");
  const tr = useTranslations("ratings");
  const tl = useTranslations("leaderboard");
  const details = useOpenRows();
  const locale = useLocale();
  const nf = new Intl.NumberFormat(numberLocale(locale));
  const fmt = ratingFormat(locale);
  const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : "0");
  const sliceName = (s: CategoryViewSlice) => (s.kind === "language" && t.has(`languageName.${s.value}`) ? t(`languageName.${s.value}`) : s.value);

  if (view.slices.length === 0) {
    return (
      <p data-testid="categories-empty" className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
        {t("empty")}
      </p>
    );
  }
  return (
    <div className="space-y-6">
      <p className="max-w-4xl text-sm text-slate-600" data-testid="categories-method">
        {t("method", { draws: view.draws, rounds: view.bootstrap })}
      </p>
      {kinds.map((kind) => {
        const slices = view.slices.filter((s) => s.kind === kind);
        if (slices.length === 0) return null;
        return (
          <section key={kind} className="space-y-3" data-testid={`slices-${kind}`}>
            <h2 className="text-lg font-semibold">{t(`sectionTitle.${kind}`)}</h2>
            {slices.map((s) => (
              <Card key={s.value}>
                <div className="border-b border-slate-100 px-3 py-2" data-testid="slice" data-kind={s.kind} data-value={s.value} data-votes={s.votes}>
                  <h3 className="font-semibold">
                    <span className="text-slate-500">{t(`kind.${kind}`)}: </span>
                    <span dir="auto">{sliceName(s)}</span>
                  </h3>
                  <p className="text-xs text-slate-600">
                    {t("sliceVotes", { count: s.votes })} · {t("compared", { count: s.compared })}
                  </p>
                </div>
                {/* Below lg the positions, noise bound, rating and rank move into each row's details: a phone
                    shows the model, its change and the verdict without scrolling sideways. */}
                <DataTable data-testid="slice-table">
                  <DataTableHead>
                    <Th>{t("model")}</Th>
                    <Th align="end" className={`whitespace-normal ${wide}`}>{t("sliceRank")}</Th>
                    <Th align="end" className={`whitespace-normal ${wide}`}>{t("overallRank")}</Th>
                    <Th align="end">{t("change")}</Th>
                    <Th align="end" className={`whitespace-normal ${wide}`}>{t("noise")}</Th>
                    <Th>{t("verdict")}</Th>
                    <Th align="end" className={wide}><StackHeader title={t("rating")} sub={t("ci")} /></Th>
                    <Th align="end" className={wide}>{t("rank")}</Th>
                  </DataTableHead>
                  <DataTableBody className="whitespace-nowrap">
                    {s.rows.map((r) => {
                      // The 95th percentile of |rank change| by chance: a bound on its size, not a symmetric ± interval.
                      const noise = r.noise === null ? "–" : `≤ ${fmt(r.noise, r.noise % 1 === 0 ? 0 : 1)}`;
                      const detailsId = `details-${s.kind}-${s.value}-${r.model}`.replace(/\s+/g, "_");
                      return (
                      <Fragment key={r.model}>
                      <tr className="align-top" data-model={r.model} data-change={r.change ?? ""} data-noise={r.noise ?? ""} data-beyond={r.beyondNoise === null ? "" : String(r.beyondNoise)}>
                        <Td className="min-w-24 whitespace-normal font-medium [overflow-wrap:anywhere]">
                          <span dir="auto">{r.displayName}</span>
                          <span className="ms-2 text-xs text-slate-500" title={t("sliceVotes", { count: r.votes })}>({nf.format(r.votes)})</span>
                          {/* Under the minimum votes in this slice: rated, but marked as on the leaderboard. */}
                          {r.status === "preliminary" && (
                            <span className="ms-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-normal text-amber-800" data-testid="preliminary">
                              {tr("preliminary")}
                            </span>
                          )}
                          <DetailsToggle label={tl("details")} open={details.isOpen(detailsId)} onToggle={() => details.toggle(detailsId)} id={detailsId} />
                        </Td>
                        <Td align="end" className={wide}>{r.sliceRank ?? "–"}</Td>
                        <Td align="end" className={wide}>{r.overallRank ?? "–"}</Td>
                        <Td align="end" ltr className="font-semibold" data-testid="rank-change">
                          {r.change === null ? "–" : signed(r.change)}
                        </Td>
                        <Td align="end" ltr className={`text-slate-600 ${wide}`}>
                          {noise}
                        </Td>
                        <Td className="whitespace-normal">
                          {r.beyondNoise === null ? (
                            <span className="text-xs text-slate-500">{t("notCompared")}</span>
                          ) : r.beyondNoise ? (
                            <span className="inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900" data-testid="beyond-noise">
                              {t("beyond")}
                            </span>
                          ) : (
                            <span className="text-xs text-slate-500">{t("within")}</span>
                          )}
                        </Td>
                        <RatingStack rating={fmt(r.rating)} ci={ciText(r, fmt)} testId="rating" className={wide} />
                        <Td align="end" ltr className={wide}>
                          {rankText(r)}
                        </Td>
                      </tr>
                      {details.isOpen(detailsId) && (
                        <DetailsRow
                          id={detailsId}
                          columns={3}
                          items={[
                            { term: t("sliceRank"), value: r.sliceRank ?? "–" },
                            { term: t("overallRank"), value: r.overallRank ?? "–" },
                            { term: t("noise"), value: noise },
                            { term: t("rating"), value: `${fmt(r.rating)} (${ciText(r, fmt)})` },
                            { term: t("rank"), value: rankText(r) },
                          ]}
                        />
                      )}
                      </Fragment>
                      );
                    })}
                  </DataTableBody>
                </DataTable>
              </Card>
            ))}
          </section>
        );
      })}
    </div>
  );
}
