import { getLocale, getTranslations } from "next-intl/server";
import { formatNumber } from "@/lib/i18n/format";
import { fixed } from "@/lib/text/number-text";
import { ResearchPage } from "@/components/research/research-page";
import { Badge, DataTable, DataTableBody, DataTableHead, EmptyState, Td, Th } from "@/components/ui";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { getRobustnessReport } from "@/lib/server/research/get-robustness-report";

export async function generateMetadata() {
  const t = await getTranslations("research.report");
  return { title: t("title") };
}

const card = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm";

export default async function ReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("research.report");
  const tf = await getTranslations("research.filters");
  const locale = await getLocale();
  return (
    <ResearchPage path="/research/report" title={t("title")} lead={t("lead")} searchParams={searchParams}>
      {async (filters) => {
        const [{ leaderboard, models }, report] = await Promise.all([getLeaderboard(filters), getRobustnessReport(filters)]);
        if (leaderboard.models.length === 0) return <EmptyState>{t("empty")}</EmptyState>;
        const nameOf = (idOrKey: string) => models.find((m) => m.id === idOrKey || m.key === idOrKey)?.displayName ?? idOrKey;
        const tr = leaderboard.transitivity;
        const labelFor = (kind: string, label: string) =>
          kind === "language" ? (label === "ar" || label === "en" ? tf(label) : label) : label;
        return (
          <div className="space-y-5">
            <section className={card} data-testid="report-cycles">
              <h2 className="font-semibold">{t("cycles")}</h2>
              <p className="mt-1 text-sm text-slate-700">
                {tr.significantCycleCount === 0
                  ? t("cyclesNone", { pairs: tr.pairsChecked, min: tr.minPairVotes, established: tr.establishedPairs, fdr: `${tr.alpha * 100}%`, raw: tr.cycleCount })
                  : t("cyclesFound", { count: tr.significantCycleCount, pairs: tr.pairsChecked, min: tr.minPairVotes, fdr: `${tr.alpha * 100}%`, raw: tr.cycleCount })}
              </p>
              {tr.significantCycles.length > 0 && (
                <ul className="mt-3 space-y-3">
                  {tr.significantCycles.slice(0, 20).map((c, i) => (
                    <li key={i} className="rounded-lg bg-slate-50 p-3 text-sm" data-testid="significant-cycle">
                      <p className="font-medium" dir="auto">
                        {c.cycle.map(nameOf).join(" › ")} › {nameOf(c.cycle[0]!)}{" "}
                        <span className="ms-2">
                          <Badge tone="red">{t("significant")}</Badge>
                        </span>
                      </p>
                      <ul className="mt-1 list-disc ps-5 text-slate-600">
                        {c.edges.map((e, j) => (
                          <li key={j}>
                            {t("cycleEdge", { winner: nameOf(e.winner), loser: nameOf(e.loser), wins: e.winnerWins, losses: e.loserWins, ties: e.ties, p: e.pValue.toPrecision(2), q: e.qValue.toPrecision(2) })}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className={card} data-testid="report-disagreement">
              <h2 className="font-semibold">{t("disagreement")}</h2>
              <p className="mt-1 text-sm text-slate-700">
                {tr.disagreementShare === null
                  ? t("disagreementNone")
                  : t("disagreementText", { count: tr.disagreements.length, share: formatNumber(locale, tr.disagreementShare, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }), pairs: tr.pairsCompared, min: tr.minPairVotes })}
              </p>
              {tr.disagreements.length > 0 && (
                <ul className="mt-2 list-disc ps-5 text-sm text-slate-600">
                  {tr.disagreements.slice(0, 20).map((e, i) => (
                    <li key={i}>{t("cycleEdge", { winner: nameOf(e.winner), loser: nameOf(e.loser), wins: e.winnerWins, losses: e.loserWins, ties: e.ties, p: e.pValue.toPrecision(2), q: e.qValue.toPrecision(2) })}</li>
                  ))}
                </ul>
              )}
            </section>

            <section className={card}>
              <h2 className="font-semibold">{t("perturbations")}</h2>
              <div className="mt-3">
                <DataTable data-testid="report-perturbations">
                  <DataTableHead>
                    <Th>{t("kind")}</Th>
                    <Th align="end">{t("votes")}</Th>
                    <Th align="end">
                      {/* The header row is upper-cased; τ must stay a lower-case tau, not become "Τ". */}
                      <span className="normal-case">{t("tau")}</span>
                    </Th>
                    <Th align="end">{t("shift")}</Th>
                    <Th>{t("moved")}</Th>
                  </DataTableHead>
                  <DataTableBody>
                    {report.perturbations.map((p, i) => (
                      <tr key={i} data-kind={p.kind}>
                        <Td className="text-slate-800">{t(`explain.${p.kind}`, { label: labelFor(p.kind, p.label) })}</Td>
                        <Td align="end">{formatNumber(locale, p.votes)}</Td>
                        <Td align="end" className="font-semibold">{p.tau === null ? "–" : fixed(p.tau, 2)}</Td>
                        <Td align="end" className={p.maxRankShift >= 2 ? "font-semibold text-red-700" : ""}>{p.maxRankShift}</Td>
                        <Td dir="auto">{p.maxShiftModels.map(nameOf).join(", ")}</Td>
                      </tr>
                    ))}
                  </DataTableBody>
                </DataTable>
              </div>
            </section>

            <section className={card}>
              <h2 className="font-semibold">{t("elo")}</h2>
              <p className="mt-1 text-sm text-slate-600">{t("eloHint")}</p>
              <div className="mt-3">
                <DataTable className="whitespace-nowrap" data-testid="report-elo">
                  <DataTableHead>
                    <Th />
                    <Th align="end">{t("bt")}</Th>
                    {report.eloKs.map((k) => (
                      <Th key={k} align="end">Elo K={k}</Th>
                    ))}
                    <Th align="end">{t("permMean")} ± {t("permSd")}</Th>
                  </DataTableHead>
                  <DataTableBody>
                    {report.elo.map((row) => (
                      <tr key={row.model}>
                        <Td className="font-medium" dir="auto">{nameOf(row.model)}</Td>
                        <Td align="end" ltr className="font-semibold">{row.bt?.toFixed(0) ?? "–"}</Td>
                        {report.eloKs.map((k) => (
                          <Td key={k} align="end">{Number.isFinite(row.byK[String(k)]) ? row.byK[String(k)]!.toFixed(0) : "–"}</Td>
                        ))}
                        <Td align="end" ltr>{Number.isFinite(row.permMean) ? `${row.permMean.toFixed(0)} ± ${row.permSd.toFixed(1)}` : "–"}</Td>
                      </tr>
                    ))}
                  </DataTableBody>
                </DataTable>
              </div>
            </section>
          </div>
        );
      }}
    </ResearchPage>
  );
}
