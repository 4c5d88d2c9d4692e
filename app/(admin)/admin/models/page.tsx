import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { ModelsTable } from "@/components/admin/models-table";
import { EmptyState, PageHeader } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listModels } from "@/lib/server/admin/list-models";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.models");
  return { title: t("title") };
}

export default async function AdminModelsPage() {
  const access = await guardPage(audiences.admin, "/admin/models");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("admin.models");
  const models = await listModels();
  return (
    <section data-testid="admin-models">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="mt-6">{models.length ? <ModelsTable models={models} /> : <EmptyState>{t("empty")}</EmptyState>}</div>
    </section>
  );
}
