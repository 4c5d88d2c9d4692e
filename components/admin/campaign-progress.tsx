import { getTranslations } from "next-intl/server";
import type { CampaignProgress } from "@/lib/server/campaigns/get-campaign-progress";
import { Card, ProgressBar } from "@/components/ui";

const percent = (share: number) => `${Math.round(share * 100)}%`;

// Per-model votes against the campaign's target, split by prompt language.
export async function CampaignProgressPanel({ progress }: { progress: CampaignProgress }) {
  const t = await getTranslations("admin.campaigns");
  return (
    <Card className="p-5">
      <div data-testid="campaign-progress">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("progressTitle")}</h2>
          <p className="text-sm text-slate-600">
            {t("progressSummary", { votes: progress.totalVotes, ar: progress.byLanguage.ar, en: progress.byLanguage.en })}
          </p>
        </div>
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar share={progress.share} label={t("overallProgress")} />
          <span className="w-12 shrink-0 text-end text-sm font-semibold tabular-nums">{percent(progress.share)}</span>
        </div>
        <p className="mt-1 text-xs text-slate-500">{t("progressHelp", { target: progress.targetVotes })}</p>

        {/* One block per model rather than a table: reads the same at 390 px as at 1280 px. */}
        <ul className="mt-5 grid gap-x-8 gap-y-4 lg:grid-cols-2">
          {progress.models.map((m) => (
            <li key={m.modelId} data-testid={`progress-${m.key}`} className="min-w-0">
              <div className="flex items-baseline justify-between gap-3 text-sm">
                <span className="min-w-0 truncate font-medium" dir="auto">
                  {m.displayName}
                </span>
                <span className="shrink-0 tabular-nums text-slate-700">{t("votesOfTargetValue", { votes: m.votes, target: progress.targetVotes })}</span>
              </div>
              <div className="mt-1.5">
                <ProgressBar share={m.share} size="sm" label={t("modelProgress", { model: m.displayName })} />
              </div>
              <p className="mt-1 text-xs text-slate-500 tabular-nums">{t("modelLanguages", { ar: m.byLanguage.ar, en: m.byLanguage.en })}</p>
            </li>
          ))}
        </ul>
      </div>
    </Card>
  );
}
