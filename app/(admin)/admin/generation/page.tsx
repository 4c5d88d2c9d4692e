import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { StartJobForm } from "@/components/generation/start-job-form";
import { Badge, Card, DataTable, DataTableBody, DataTableHead, EmptyState, PageHeader, ProgressBar, Td, Th } from "@/components/ui";
import { formatNumber } from "@/lib/i18n/format";
import { guardPage } from "@/lib/server/auth/page-guard";
import { audiences } from "@/lib/validation/auth";
import { generationChoices, listGenerationJobs } from "@/lib/server/generation/job-view";

export async function generateMetadata() {
  const t = await getTranslations("generation.jobs");
  return { title: t("title") };
}

const statusTone = { running: "blue", done: "green", cancelled: "slate" } as const;

export default async function AdminGenerationPage() {
  const access = await guardPage(audiences.admin, "/admin/generation");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("generation.jobs");
  const locale = await getLocale();
  const [choices, jobs] = await Promise.all([generationChoices(), listGenerationJobs()]);
  return (
    <section data-testid="admin-generation" className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <StartJobForm choices={choices} />
      <div>
        <h2 className="mb-3 text-lg font-semibold">{t("listTitle")}</h2>
        {jobs.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <Card className="overflow-hidden">
            <DataTable>
              <DataTableHead>
                <Th>{t("promptSet")}</Th>
                <Th>{t("models")}</Th>
                <Th>{t("progressLabel")}</Th>
                <Th>{t("created")}</Th>
                <Th />
              </DataTableHead>
              <DataTableBody>
                {jobs.map((job) => {
                  const finished = job.counts.done + job.counts.added + job.counts.dropped;
                  return (
                    <tr key={job.id}>
                      <Td>
                        <span dir="auto">{job.promptSetName}</span> <Badge tone={(statusTone as Record<string, "blue" | "green" | "slate">)[job.status]}>{t(`status.${job.status}`)}</Badge>
                      </Td>
                      <Td>
                        <span dir="ltr" className="font-mono text-xs">{job.models.join(", ")}</span>
                      </Td>
                      <Td className="min-w-40">
                        <ProgressBar share={job.counts.total ? finished / job.counts.total : 0} label={t("progressLabel")} size="sm" />
                        <span className="text-xs text-slate-500">
                          {formatNumber(locale, finished)} / {formatNumber(locale, job.counts.total)}
                        </span>
                      </Td>
                      <Td ltr className="whitespace-nowrap">{job.createdAt.toISOString().slice(0, 16).replace("T", " ")}</Td>
                      <Td>
                        <Link href={`/admin/generation/${job.id}`} className="font-medium text-brand-700 underline">
                          {t("open")}
                        </Link>
                      </Td>
                    </tr>
                  );
                })}
              </DataTableBody>
            </DataTable>
          </Card>
        )}
      </div>
    </section>
  );
}
