import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { AuditDetails } from "@/components/admin/audit-details";
import { Card, DataTable, DataTableBody, DataTableHead, EmptyState, PageHeader, Pager, Td, Th, inputClass, secondaryButtonClass } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listAuditLog } from "@/lib/server/audit/list-audit-log";
import { auditActions, auditLogQuerySchema } from "@/lib/validation/admin";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.audit");
  return { title: t("title") };
}

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await guardPage(audiences.admin, "/admin/audit");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const query = auditLogQuerySchema.parse(await searchParams);
  const t = await getTranslations("admin.audit");
  const format = await getFormatter();
  const log = await listAuditLog(query);
  return (
    <section data-testid="admin-audit">
      <PageHeader title={t("title")} lead={t("lead")} />
      {/* A plain GET form: the filter lives in the URL, so it can be shared and works without JavaScript. */}
      <form method="get" action="/admin/audit" className="mt-6 flex flex-wrap items-end gap-3">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("filter")}</span>
          <select name="action" defaultValue={query.action ?? ""} className={`mt-1 ${inputClass} w-auto min-w-56`}>
            <option value="">{t("allActions")}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {t.has(`actions.${a}`) ? t(`actions.${a}`) : a}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {t("apply")}
        </button>
        <p className="ms-auto text-sm text-slate-500">{t("total", { count: log.total })}</p>
      </form>

      <div className="mt-4">
        {log.entries.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <Card>
            <DataTable className="min-w-[44rem]" data-testid="audit-table">
              <DataTableHead>
                <Th>{t("when")}</Th>
                <Th>{t("who")}</Th>
                <Th>{t("what")}</Th>
                <Th>{t("target")}</Th>
                <Th>{t("details")}</Th>
              </DataTableHead>
              <DataTableBody>
                {log.entries.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action} className="align-top">
                    <Td className="whitespace-nowrap text-slate-600">
                      <time dateTime={e.createdAt.toISOString()}>{format.dateTime(e.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                    </Td>
                    <Td ltr>{e.actor?.email ?? <span className="text-slate-500">{t("system")}</span>}</Td>
                    <Td className="whitespace-nowrap font-medium">{t.has(`actions.${e.action}`) ? t(`actions.${e.action}`) : e.action}</Td>
                    <Td className="text-slate-700" dir="auto">{e.target}</Td>
                    <Td>
                      <AuditDetails details={e.details} />
                    </Td>
                  </tr>
                ))}
              </DataTableBody>
            </DataTable>
          </Card>
        )}
      </div>

      <Pager
        page={log.page}
        pageCount={log.pageCount}
        path="/admin/audit"
        query={{ action: query.action }}
        labels={{ nav: t("pagination"), previous: t("newer"), next: t("older"), pageOf: t("pageOf", { page: log.page, pages: log.pageCount }) }}
      />
    </section>
  );
}
