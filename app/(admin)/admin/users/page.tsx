import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader, Pager } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listUsers } from "@/lib/server/users/list-users";
import { userListQuerySchema } from "@/lib/validation/admin";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.users");
  return { title: t("title") };
}

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await guardPage(audiences.admin, "/admin/users");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const query = userListQuerySchema.parse(await searchParams);
  const t = await getTranslations("admin.users");
  const list = await listUsers(query);
  return (
    <section data-testid="admin-users">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="mt-6 grid gap-6 xl:grid-cols-[22rem_minmax(0,1fr)] xl:items-start">
        <CreateUserForm />
        <div className="min-w-0">
          <UsersTable list={list} q={query.q} currentUserId={access.user.id} />
          <Pager
            page={list.page}
            pageCount={list.pageCount}
            path="/admin/users"
            query={{ q: query.q }}
            labels={{ nav: t("pagination"), previous: t("previous"), next: t("next"), pageOf: t("pageOf", { page: list.page, pages: list.pageCount }) }}
          />
        </div>
      </div>
    </section>
  );
}
