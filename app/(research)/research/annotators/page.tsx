import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatNumber, isolateLtr } from "@/lib/i18n/format";
import { Card, EmptyState } from "@/components/ui";
import { AnnotatorQualityList } from "@/components/quality/annotator-quality-list";
import { ResearchPage } from "@/components/research/research-page";
import { flagThresholds } from "@/lib/quality/flags";
import { getAnnotatorQuality } from "@/lib/server/quality/get-annotator-quality";
import { annotatorsPageSchema } from "@/lib/validation/quality";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata() {
  const t = await getTranslations("quality.annotators");
  return { title: t("title") };
}


export default async function AnnotatorsPage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslations("quality.annotators");
  const locale = await getLocale();
  const percent = { format: (x: number) => formatNumber(locale, x, { style: "percent", maximumFractionDigits: 0 }) };
  return (
    <ResearchPage path="/research/annotators" title={t("title")} lead={t("lead")} searchParams={searchParams} showFilters={false}>
      {async () => {
        const { page } = annotatorsPageSchema.parse(await searchParams);
        const report = await getAnnotatorQuality(page);
        const summary = [
          { key: "annotators", label: t("summary.annotators"), value: String(report.total) },
          {
            key: "alpha",
            label: t("summary.alpha"),
            value: report.alpha.alpha === null ? t("noValue") : isolateLtr(formatNumber(locale, report.alpha.alpha, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "negative" })),
            help: report.sharedItems ? t("summary.alphaHelp", { items: report.sharedItems }) : t("summary.alphaNone"),
          },
          { key: "flagged", label: t("summary.flagged"), value: String(report.flagged) },
          { key: "excluded", label: t("summary.excluded"), value: String(report.excluded) },
        ];
        return (
          <div className="space-y-5">
            <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              {summary.map((s) => (
                // A description list allows only dt/dd groups wrapped in one div: the card is that div.
                <div key={s.key} data-testid={`summary-${s.key}`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                  <dt className="text-sm text-slate-600">{s.label}</dt>
                  <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.value}</dd>
                  {s.help && <dd className="mt-0.5 text-xs text-slate-500">{s.help}</dd>}
                </div>
              ))}
            </dl>

            {report.total === 0 ? (
              <EmptyState>{t("empty")}</EmptyState>
            ) : (
              <div className="space-y-3">
                <p className="text-sm text-slate-600" data-testid="annotator-count">
                  {t("count", { shown: report.annotators.length, total: report.total })}
                </p>
                <AnnotatorQualityList annotators={report.annotators} />
                {report.pages > 1 && (
                  <nav aria-label={t("pagination")} className="flex items-center justify-between gap-3 text-sm">
                    {report.page > 1 ? <Link className="font-medium text-brand-700 hover:underline" href={`?page=${report.page - 1}`}>{t("previous")}</Link> : <span />}
                    <span className="text-slate-600">{t("pageOf", { page: report.page, pages: report.pages })}</span>
                    {report.page < report.pages ? <Link className="font-medium text-brand-700 hover:underline" href={`?page=${report.page + 1}`}>{t("next")}</Link> : <span />}
                  </nav>
                )}
              </div>
            )}

            <Card className="p-5">
              <h2 className="font-semibold">{t("howTitle")}</h2>
              <div className="mt-2 space-y-2 text-sm leading-6 text-slate-600" data-testid="quality-thresholds">
                <p>{t("howTies")}</p>
                <p>{t("howSkips")}</p>
                <p>{t("howGold")}</p>
                <p>{t("howAgreement")}</p>
                <p>
                  {t("howFlags", {
                    accuracy: isolateLtr(percent.format(flagThresholds.minGoldAccuracy)),
                    goldVotes: flagThresholds.minGoldVotes,
                    fastShare: isolateLtr(percent.format(flagThresholds.maxFastShare)),
                    votes: flagThresholds.minVotesForFastShare,
                  })}
                </p>
              </div>
            </Card>
          </div>
        );
      }}
    </ResearchPage>
  );
}
