import { getTranslations } from "next-intl/server";
import { CategoryViewTables } from "@/components/research/category-view";
import { ResearchPage } from "@/components/research/research-page";
import { getCategoryView } from "@/lib/server/research/get-category-view";

export async function generateMetadata() {
  const t = await getTranslations("categories");
  return { title: t("title") };
}

export default async function CategoriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("categories");
  return (
    <ResearchPage path="/research/categories" title={t("title")} lead={t("lead")} searchParams={searchParams}>
      {async (filters) => <CategoryViewTables view={await getCategoryView(filters)} />}
    </ResearchPage>
  );
}
