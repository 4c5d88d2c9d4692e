// Small presentational pieces shared by the pages (server- and client-safe: no hooks).
import Link from "next/link";
import type { ReactNode, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 disabled:bg-slate-50";
export const primaryButtonClass =
  "inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";
export const dangerButtonClass =
  "inline-flex items-center justify-center rounded-md border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50";

// userTitle: the title is user-supplied text (e.g. a campaign name), so its direction follows the text.
export function PageHeader({ title, lead, actions, userTitle }: { title: string; lead?: string; actions?: ReactNode; userTitle?: boolean }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold" dir={userTitle ? "auto" : undefined}>
          {title}
        </h1>
        {lead && <p className="mt-1 max-w-3xl text-slate-600">{lead}</p>}
      </div>
      {actions}
    </div>
  );
}

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-xl border border-slate-200 bg-white shadow-sm ${className}`}>{children}</div>;
}

const badgeTones = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  slate: "bg-slate-100 text-slate-600 ring-slate-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  blue: "bg-brand-50 text-brand-700 ring-brand-100",
} as const;

export function Badge({ tone, children }: { tone: keyof typeof badgeTones; children: ReactNode }) {
  return <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badgeTones[tone]}`}>{children}</span>;
}

// share: 0..1. The label is read out by screen readers; the bar itself is decorative.
export function ProgressBar({ share, label, size = "md" }: { share: number; label: string; size?: "sm" | "md" }) {
  const percent = Math.round(Math.min(1, Math.max(0, share)) * 100);
  return (
    <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={label} className={`w-full overflow-hidden rounded-full bg-slate-100 ${size === "sm" ? "h-1.5" : "h-2.5"}`}>
      <div className={`h-full rounded-full ${percent >= 100 ? "bg-emerald-500" : "bg-brand-500"}`} style={{ width: `${percent}%` }} />
    </div>
  );
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-slate-500">{children}</p>;
}

// Data tables: one look for every table of figures (leaderboard, report, audit log, tokens).
// Numbers align to the end (right in English, left in Arabic); text to the start.
type Align = "start" | "end";
type CellProps<A> = { align?: Align; className?: string; children?: ReactNode } & Omit<A, "align" | "className" | "children">;

export function DataTable({ children, className = "", ...rest }: { children: ReactNode; className?: string } & TableHTMLAttributes<HTMLTableElement>) {
  // relative: a visually hidden cell label (sr-only, absolutely positioned) is placed against this scrolling box;
  // otherwise it is placed against the page, and a table wider than a phone widened the whole page.
  return (
    <div className="relative overflow-x-auto">
      <table className={`w-full text-sm ${className}`} {...rest}>
        {children}
      </table>
    </div>
  );
}

export function DataTableHead({ children }: { children: ReactNode }) {
  return (
    <thead className="whitespace-nowrap bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
      <tr>{children}</tr>
    </thead>
  );
}

export function DataTableBody({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <tbody className={`divide-y divide-slate-100 tabular-nums ${className}`}>{children}</tbody>;
}

export function Th({ align = "start", className = "", children, ...rest }: CellProps<ThHTMLAttributes<HTMLTableCellElement>>) {
  return (
    <th className={`px-2 py-2 sm:px-3 font-medium ${align === "end" ? "text-end" : "text-start"} ${className}`} {...rest}>
      {children}
    </th>
  );
}

// ltr: numbers, ranges, emails and dates read left to right even in the Arabic UI ("-978" would show as
// "978-"), while the cell itself keeps the column's alignment.
export function Td({ align = "start", ltr = false, className = "", children, ...rest }: CellProps<TdHTMLAttributes<HTMLTableCellElement>> & { ltr?: boolean }) {
  return (
    <td className={`px-2 py-2 sm:px-3 ${align === "end" ? "text-end" : "text-start"} ${className}`} {...rest}>
      {ltr ? <span dir="ltr">{children}</span> : children}
    </td>
  );
}

// Links to the previous and next page of a list, "Page 2 of 5" between them; nothing when everything fits on one
// page. Plain links to `path` with the list's own query (its filters) and the page number, so a page of a list can be
// shared and works without JavaScript.
export function Pager({ page, pageCount, path, query, labels }: {
  page: number;
  pageCount: number;
  path: string;
  query: Record<string, string | undefined>;
  labels: { nav: string; previous: string; next: string; pageOf: string };
}) {
  // One page, or a page past the end (the list then says so and links back): no "Page 3 of 2".
  if (pageCount <= 1 || page > pageCount) return null;
  const href = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    if (to > 1) params.set("page", String(to));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return (
    <nav aria-label={labels.nav} className="mt-4 flex items-center justify-between gap-3 text-sm" data-testid="pager">
      {page > 1 ? (
        <Link href={href(page - 1)} className={secondaryButtonClass} rel="prev">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">{labels.pageOf}</span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={secondaryButtonClass} rel="next">
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
