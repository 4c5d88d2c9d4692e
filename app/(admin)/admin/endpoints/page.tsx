import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { EndpointForm } from "@/components/generation/endpoint-form";
import { EmptyState, PageHeader } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { audiences } from "@/lib/validation/auth";
import { listModelEndpoints } from "@/lib/server/endpoints/list-endpoints";

export async function generateMetadata() {
  const t = await getTranslations("generation.endpoints");
  return { title: t("title") };
}

export default async function AdminEndpointsPage() {
  const access = await guardPage(audiences.admin, "/admin/endpoints");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("generation.endpoints");
  const models = await listModelEndpoints();
  return (
    <section data-testid="admin-endpoints">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="mt-6 space-y-4">
        {models.length ? models.map((m) => <EndpointForm key={m.id} model={m} />) : <EmptyState>{t("empty")}</EmptyState>}
      </div>
    </section>
  );
}
