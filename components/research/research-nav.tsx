"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";

const tabs = [
  { href: "/leaderboard", key: "leaderboard" },
  { href: "/research/categories", key: "categories" },
  { href: "/research/matrices", key: "matrices" },
  { href: "/research/battles", key: "battles" },
  { href: "/research/report", key: "report" },
  { href: "/research/annotators", key: "annotators" },
  { href: "/research/exports", key: "exports" },
] as const;

const browserOnlyParams = ["model", "vs", "outcome", "annotator", "after", "before", "pageSize"];
const withQuery = (href: string, query: string) => (query ? `${href}?${query}` : href);

// Tabs keep the current filters, so switching views keeps the same slice of votes.
export function ResearchNav() {
  const t = useTranslations("research.nav");
  const pathname = usePathname();
  const params = useSearchParams();
  // The battle browser's own params (model, outcome, annotator, page) mean nothing on the other views.
  const shared = new URLSearchParams(params);
  for (const key of browserOnlyParams) shared.delete(key);
  const query = shared.toString();
  return (
    <nav className="-mx-4 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0" aria-label="Research">
      <ul className="flex gap-1 whitespace-nowrap text-sm font-medium">
        {tabs.map((tab) => {
          const active = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.key === "battles" ? withQuery(tab.href, params.toString()) : tab.key !== "annotators" ? withQuery(tab.href, query) : tab.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-2 ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
