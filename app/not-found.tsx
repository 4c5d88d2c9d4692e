import { getTranslations } from "next-intl/server";
import { NotFoundCard } from "@/components/not-found-card";

// Any unknown address, in the visitor's language (the admin area has its own, inside its navigation).
export default async function NotFound() {
  const t = await getTranslations("errors");
  return <NotFoundCard testId="not-found" title={t("notFound")} body={t("notFoundBody")} backHref="/" backLabel={t("backHome")} />;
}
