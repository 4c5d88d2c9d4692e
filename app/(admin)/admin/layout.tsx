import { AdminNav } from "@/components/admin/admin-nav";
import { getCurrentUser } from "@/lib/server/auth/session";

// The sub-navigation shows for admins only. Access itself is checked by every page and action
// (a layout does not re-run on client navigation, so it cannot be the guard).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser().catch(() => null);
  return (
    <>
      {user?.role === "admin" && <AdminNav />}
      {children}
    </>
  );
}
