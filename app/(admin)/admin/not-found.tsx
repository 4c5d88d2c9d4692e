import { getTranslations } from "next-intl/server";
import { NotFoundCard } from "@/components/not-found-card";

// Shown inside the admin layout (with its navigation) for an unknown campaign id and the like.
export default async function AdminNotFound() {
  const t = await getTranslations("admin.notFound");
  return <NotFoundCard testId="admin-not-found" title={t("title")} body={t("body")} backHref="/admin" backLabel={t("back")} />;
}
