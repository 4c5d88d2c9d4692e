import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Forbidden } from "@/components/forbidden";
import { CancelJobButton, CommitForm, JobPoller, RetryButton } from "@/components/generation/job-controls";
import { Badge, Card, DataTable, DataTableBody, DataTableHead, EmptyState, PageHeader, ProgressBar, Td, Th } from "@/components/ui";
import { formatNumber } from "@/lib/i18n/format";
import { guardPage } from "@/lib/server/auth/page-guard";
import { audiences } from "@/lib/validation/auth";
import { getGenerationJob } from "@/lib/server/generation/job-view";
import { previewGeneration } from "@/lib/server/generation/pool";

export async function generateMetadata() {
  const t = await getTranslations("generation.jobs");
  return { title: t("title") };
}

const tones = { running: "blue", done: "green", cancelled: "slate" } as const;

function duration(locale: string, seconds: number): string {
  if (seconds < 90) return formatNumber(locale, Math.max(1, Math.round(seconds)), { style: "unit", unit: "second", unitDisplay: "long" });
  if (seconds < 5400) return formatNumber(locale, Math.round(seconds / 60), { style: "unit", unit: "minute", unitDisplay: "long" });
  return formatNumber(locale, Math.round(seconds / 360) / 10, { style: "unit", unit: "hour", unitDisplay: "long" });
}

export default async function GenerationJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await guardPage(audiences.admin, `/admin/generation/${id}`);
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("generation.jobs");
  const locale = await getLocale();
  const job = z.uuid().safeParse(id).success ? await getGenerationJob(id) : null;
  if (!job) {
    return (
      <section className="space-y-4">
        <EmptyState>{t("notFound")}</EmptyState>
        <Link href="/admin/generation" className="font-medium text-brand-700 underline">
          {t("back")}
        </Link>
      </section>
    );
  }
  // The preview reads every finished response: computed once the job has stopped, not on each 2 s refresh.
  const preview = job.status === "running" ? null : await previewGeneration(job.id);
  const c = job.counts;
  const finished = c.done + c.added + c.dropped;
  const share = c.total ? finished / c.total : 0;
  const n = (v: number) => formatNumber(locale, v);
  return (
    <section data-testid="generation-job" data-status={job.status} className="space-y-6">
      <JobPoller running={job.status === "running"} />
      <Link href="/admin/generation" className="text-sm font-medium text-brand-700 underline">
        {t("back")}
      </Link>
      <PageHeader
        title={job.promptSetName}
        userTitle
        lead={job.models.join(", ")}
        actions={job.status === "running" ? <CancelJobButton jobId={job.id} /> : undefined}
      />
      <Card className="space-y-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">{t("progressLabel")}</h2>
          <Badge tone={tones[job.status]}>{t(`status.${job.status}`)}</Badge>
        </div>
        <ProgressBar share={share} label={t("progressLabel")} />
        <p className="text-2xl font-semibold tabular-nums" data-testid="job-percent">
          {formatNumber(locale, share, { style: "percent" })}
        </p>
        <p className="text-sm text-slate-700" data-testid="job-counts">
          {t("counts", { finished: n(finished), total: n(c.total), failed: n(c.failed), pending: n(c.pending), running: n(c.running) })}
        </p>
        <p className="text-sm text-slate-600">
          {job.ratePerMinute === null ? t("rateUnknown") : t("rate", { rate: formatNumber(locale, job.ratePerMinute, { maximumFractionDigits: 1 }) })}
          {job.secondsLeft !== null && <> · {t("timeLeft", { time: duration(locale, job.secondsLeft) })}</>}
          {job.latencyP50Ms !== null && <> · {t("latency", { ms: n(job.latencyP50Ms) })}</>}
        </p>
        <p className="text-sm text-slate-600">{t("tokens", { prompt: n(job.promptTokens), completion: n(job.completionTokens) })}</p>
      </Card>

      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-2 p-4">
          <h2 className="font-semibold">{t("failuresTitle")}</h2>
          {c.failed > 0 && <RetryButton jobId={job.id} label={t("retryAll")} />}
        </div>
        {job.failures.length === 0 ? (
          <p className="px-4 pb-4 text-sm text-slate-500">{t("noFailures")}</p>
        ) : (
          <DataTable data-testid="job-failures">
            <DataTableHead>
              <Th>{t("prompt")}</Th>
              <Th>{t("model")}</Th>
              <Th align="end">{t("attempts")}</Th>
              <Th>{t("error")}</Th>
              <Th />
            </DataTableHead>
            <DataTableBody>
              {job.failures.map((f) => (
                <tr key={f.id}>
                  <Td>
                    <span dir="auto">{f.promptExternalId}</span>
                  </Td>
                  <Td>
                    <span dir="ltr" className="font-mono text-xs">{f.model}</span>
                  </Td>
                  <Td align="end">{n(f.attempts)}</Td>
                  <Td>
                    <span dir="ltr" className="break-all text-xs">{f.error}</span>
                  </Td>
                  <Td>
                    <RetryButton jobId={job.id} itemId={f.id} label={t("retry")} />
                  </Td>
                </tr>
              ))}
            </DataTableBody>
          </DataTable>
        )}
      </Card>

      <Card className="space-y-3 p-4" >
        <h2 className="font-semibold">{t("previewTitle")}</h2>
        <p className="text-sm text-slate-600">{t("previewLead")}</p>
        {c.added > 0 && <p className="text-sm text-emerald-700">{t("added", { count: c.added })}</p>}
        {preview === null ? (
          <p className="text-sm text-slate-500">{t("previewWhenStopped")}</p>
        ) : preview.responses === 0 ? (
          <p className="text-sm text-slate-500">{t("nothingWaiting")}</p>
        ) : (
          <div data-testid="generation-preview" className="space-y-3">
            <p className="text-sm">
              {t("previewCounts", {
                responses: preview.responses,
                prompts: preview.prompts,
                new: n(preview.changes.responsesNew),
                changed: n(preview.changes.responsesChanged),
                unchanged: n(preview.changes.responsesUnchanged),
              })}
            </p>
            {preview.flagged.total > 0 && (
              <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
                <p className="font-medium">{t("flagged", { count: preview.flagged.total })}</p>
                <ul className="mt-1 list-disc ps-5">
                  {preview.flagged.items.slice(0, 20).map((f) => (
                    <li key={`${f.id}-${f.model}`} dir="auto">
                      {t("flaggedItem", { id: f.id, model: f.model, phrase: f.phrase })}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <CommitForm jobId={job.id} flagged={preview.flagged.total} />
          </div>
        )}
      </Card>
    </section>
  );
}
