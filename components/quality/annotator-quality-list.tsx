import { getLocale, getTranslations } from "next-intl/server";
import { isolateLtr, numberLocale } from "@/lib/i18n/format";
import { Badge, Card } from "@/components/ui";
import type { AnnotatorQuality } from "@/lib/server/quality/get-annotator-quality";
import { ExcludeToggle } from "./exclude-toggle";

// Numbers in the UI language's format (Western digits in both languages, as on the leaderboard).
function formats(locale: string) {
  const tag = numberLocale(locale);
  const percentFormat = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
  const decimalFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return {
    percent: { format: (x: number) => isolateLtr(percentFormat.format(x)) },
    decimal: { format: (x: number) => isolateLtr(decimalFormat.format(x)) },
    integer: new Intl.NumberFormat(tag),
    seconds: new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }),
  };
}

// One grid row per annotator on wide screens; on phones the same row stacks into a card.
const rowGrid = "grid gap-3 px-4 py-4 lg:grid-cols-[minmax(0,2.2fr)_repeat(6,minmax(0,0.9fr))_minmax(0,1.3fr)_7rem] lg:items-center lg:gap-4 lg:py-3";

export async function AnnotatorQualityList({ annotators }: { annotators: AnnotatorQuality[] }) {
  const t = await getTranslations("quality.annotators");
  const { percent, decimal, integer, seconds } = formats(await getLocale());
  const none = t("noValue");
  return (
    <Card className="overflow-hidden">
      <div aria-hidden className={`${rowGrid} hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-500 lg:grid`}>
        <span>{t("columns.annotator")}</span>
        <span className="text-end">{t("columns.votes")}</span>
        <span className="text-end">{t("columns.tieRate")}</span>
        <span className="text-end">{t("columns.median")}</span>
        <span className="text-end">{t("columns.fast")}</span>
        <span className="text-end">{t("columns.skips")}</span>
        <span className="text-end">{t("columns.gold")}</span>
        <span className="text-end">{t("columns.agreement")}</span>
        <span className="text-end">{t("columns.rankings")}</span>
      </div>
      <ul className="divide-y divide-slate-200" data-testid="annotator-list">
        {annotators.map((a) => {
          const cells: { key: string; label: string; value: string; detail?: string; warn?: boolean }[] = [
            { key: "votes", label: t("columns.votes"), value: integer.format(a.votes) },
            { key: "ties", label: t("columns.tieRate"), value: percent.format(a.tieRate) },
            { key: "median", label: t("columns.median"), value: Number.isFinite(a.medianMs) ? t("seconds", { value: seconds.format(a.medianMs / 1000) }) : none },
            { key: "fast", label: t("columns.fast"), value: percent.format(a.fastShare), detail: a.fastVotes ? integer.format(a.fastVotes) : undefined, warn: a.flags.includes("fast") },
            { key: "skips", label: t("columns.skips"), value: percent.format(a.skipRate), detail: a.skips ? integer.format(a.skips) : undefined },
            {
              key: "gold",
              label: t("columns.gold"),
              value: a.goldAccuracy === null ? none : percent.format(a.goldAccuracy),
              detail: a.goldVotes ? t("goldDetail", { correct: a.goldCorrect, votes: a.goldVotes }) : undefined,
              warn: a.flags.includes("gold"),
            },
            {
              key: "agreement",
              label: t("columns.agreement"),
              value: a.agreement?.kappa == null ? none : decimal.format(a.agreement.kappa),
              detail: a.agreement ? t("agreementDetail", { agree: percent.format(a.agreement.po), pairs: a.agreement.n }) : undefined,
            },
          ];
          return (
            <li key={a.id} className={`${rowGrid} ${a.excluded ? "bg-slate-50" : ""}`} data-testid="annotator-row" data-email={a.email} data-votes={a.votes} data-excluded={a.excluded}>
              <div className="min-w-0">
                <p className="truncate font-medium" dir="ltr" title={a.email}>
                  <span className="block truncate text-start">{a.email}</span>
                </p>
                <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                  <span dir="ltr" className="font-mono">{a.judgeId}</span>
                  {a.flags.length > 0 && (
                    <span data-testid="flagged-badge" title={a.flags.map((f) => t(`flagReasons.${f}`)).join(", ")}>
                      <Badge tone="amber">
                        {t("flagged")}: {a.flags.map((f) => t(`flagReasons.${f}`)).join(", ")}
                      </Badge>
                    </span>
                  )}
                  {a.excluded && <Badge tone="red">{t("excludedBadge")}</Badge>}
                  {a.disabled && <Badge tone="slate">{t("disabledBadge")}</Badge>}
                </p>
              </div>
              <dl className="grid grid-cols-3 gap-x-4 gap-y-3 text-sm lg:contents">
                {cells.map((c) => (
                  <div key={c.key} className="min-w-0 lg:text-end" data-testid={`cell-${c.key}`}>
                    <dt className="text-xs text-slate-500 lg:sr-only">{c.label}</dt>
                    <dd className={`font-semibold tabular-nums ${c.warn ? "text-amber-700" : "text-slate-900"}`}>{c.value}</dd>
                    {c.detail && <dd className="text-xs tabular-nums text-slate-500 lg:whitespace-nowrap">{c.detail}</dd>}
                  </div>
                ))}
              </dl>
              <ExcludeToggle userId={a.id} email={a.email} excluded={a.excluded} />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
