"use client";

import { useLocale, useTranslations } from "next-intl";
import { isolateLtr, numberLocale } from "@/lib/i18n/format";
import { useEffect, useState } from "react";
import type { AnnotatorProgress as Progress } from "@/lib/server/quality/get-annotator-progress";


// The annotator's own counts (today in their time zone, all time) and live campaigns' progress.
// Refetched on mount (the server rendered "today" in UTC) and whenever refreshKey changes: the
// battle arena passes the id of the last recorded vote's battle.
export function AnnotatorProgress({ initial, refreshKey }: { initial: Progress | null; refreshKey: string | null }) {
  const t = useTranslations("quality.progress");
  // Numbers in the UI language's format (Western digits in both languages).
  const locale = numberLocale(useLocale());
  const integer = new Intl.NumberFormat(locale);
  // Written out, not style "percent": the server's and the browser's ICU put Arabic's percent sign on
  // different sides ("98%" rendered on the server, "%98" after the browser's refresh).
  const percent = { format: (share: number) => `${integer.format(Math.round(share * 100))}%` };
  const [progress, setProgress] = useState<Progress | null>(initial);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger: a new value after each vote refetches.
  useEffect(() => {
    const controller = new AbortController();
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    fetch(`/api/me/progress?tz=${encodeURIComponent(tz)}`, { cache: "no-store", signal: controller.signal })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: { progress: Progress } | null) => {
        if (body?.progress) setProgress(body.progress);
      })
      // Progress is a courtesy: on failure the last numbers stay.
      .catch(() => undefined);
    return () => controller.abort();
  }, [refreshKey]);

  if (!progress) return null;
  return (
    <section
      aria-label={t("label")}
      data-testid="annotator-progress"
      className={`flex flex-wrap items-center gap-x-6 gap-y-2 rounded-xl ${progress.campaigns.length ? "" : "w-fit"} border border-slate-200 bg-white px-4 py-2.5 text-sm shadow-sm`}
    >
      <dl className="flex items-center gap-5">
        <div className="flex items-baseline gap-1.5">
          <dt className="text-slate-500">{t("today")}</dt>
          <dd className="text-base font-semibold tabular-nums text-slate-900" data-testid="progress-today" data-count={progress.today}>
            {integer.format(progress.today)}
          </dd>
        </div>
        <div className="flex items-baseline gap-1.5">
          <dt className="text-slate-500">{t("total")}</dt>
          <dd className="text-base font-semibold tabular-nums text-slate-900" data-testid="progress-total" data-count={progress.total}>
            {integer.format(progress.total)}
          </dd>
        </div>
      </dl>
      {progress.campaigns.map((c) => {
        const share = Math.min(1, Math.max(0, c.share));
        return (
          <div key={c.id} className="flex min-w-48 flex-1 items-center gap-3" data-testid="progress-campaign">
            <span className="max-w-40 shrink-0 truncate text-slate-600" dir="auto" title={c.name}>
              {t("campaign", { name: c.name })}
            </span>
            <div
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(share * 100)}
              aria-label={t("campaignLabel", { name: c.name })}
              className="h-2 min-w-16 flex-1 overflow-hidden rounded-full bg-slate-100"
            >
              <div className={`h-full rounded-full ${share >= 1 ? "bg-emerald-500" : "bg-brand-500"}`} style={{ width: `${Math.round(share * 100)}%` }} />
            </div>
            <span className="shrink-0 tabular-nums text-slate-700">{t("campaignValue", { percent: isolateLtr(percent.format(share)) })}</span>
          </div>
        );
      })}
    </section>
  );
}
