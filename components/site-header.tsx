import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/server/auth/session";
import { LocaleSwitcher } from "./locale-switcher";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  const user = await getCurrentUser().catch(() => null);
  const links = [
    { href: "/battle", label: t("battle"), show: !!user },
    { href: "/live", label: t("live"), show: !!user },
    { href: "/leaderboard", label: t("leaderboard"), show: user?.role === "researcher" || user?.role === "admin" },
    { href: "/admin", label: t("admin"), show: user?.role === "admin" },
  ].filter((l) => l.show);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">A|B</span>
          {tApp("name")}
        </Link>
        <nav className="flex items-center gap-4 text-sm font-medium text-slate-600">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="hover:text-slate-900">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="ms-auto flex items-center gap-3 text-sm">
          {user && (
            <span className="hidden text-slate-500 md:inline" data-testid="current-user">
              {user.email} · {t(`roles.${user.role}`)}
            </span>
          )}
          <LocaleSwitcher />
          {user ? (
            <SignOutButton label={t("signOut")} />
          ) : (
            <Link href="/signin" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
              {t("signIn")}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
