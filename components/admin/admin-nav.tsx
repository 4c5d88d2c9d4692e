"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

// The admin area's sub-navigation; the current section is marked for screen readers too.
const sections = [
  { href: "/admin", key: "overview", exact: true },
  { href: "/admin/import", key: "import" },
  { href: "/admin/models", key: "models" },
  { href: "/admin/endpoints", key: "endpoints" },
  { href: "/admin/generation", key: "generation" },
  { href: "/admin/users", key: "users" },
  { href: "/admin/campaigns", key: "campaigns" },
  { href: "/admin/gold", key: "gold" },
  { href: "/admin/audit", key: "audit" },
  // Next slot: { href: "/admin/tokens", key: "tokens" } once read-only API tokens have a page.
] as const;

export function AdminNav() {
  const t = useTranslations("admin.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} data-testid="admin-nav" className="-mx-4 mb-6 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1">
        {sections.map((s) => {
          const current = "exact" in s ? pathname === s.href : pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium ${
                  current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {t(s.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
