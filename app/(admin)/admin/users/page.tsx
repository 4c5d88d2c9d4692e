import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/forbidden";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader } from "@/components/ui";
import { guardPage } from "@/lib/server/auth/page-guard";
import { listUsers } from "@/lib/server/users/list-users";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("admin.users");
  return { title: t("title") };
}

export default async function AdminUsersPage() {
  const access = await guardPage(audiences.admin, "/admin/users");
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("admin.users");
  const users = await listUsers();
  return (
    <section data-testid="admin-users">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="mt-6 grid gap-6 xl:grid-cols-[22rem_minmax(0,1fr)] xl:items-start">
        <CreateUserForm />
        <UsersTable users={users} currentUserId={access.user.id} />
      </div>
    </section>
  );
}
