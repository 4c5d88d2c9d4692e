import { useState, type ReactNode } from "react";
import { Td } from "@/components/ui";
import { formatNumber } from "@/lib/i18n/format";

// The rating cells the leaderboard and the per-category tables share: the rating, its 95% interval
// and the rank with its interval, formatted the same way on both pages.

export type RatingFormat = (x: number | null, digits?: number) => string;

// Ratings in the UI language's number format, without grouping (a rating reads as one number).
export const ratingFormat =
  (locale: string): RatingFormat =>
  (x, digits = 0) =>
    x === null ? "–" : formatNumber(locale, x, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false, signDisplay: "negative" });

type Interval = { rating: number | null; ciLow: number | null; ciHigh: number | null; ciUnbounded: "low" | "high" | "both" | null };

// An interval; an open end (the model had no finite estimate in over 2.5% of rounds) reads as ∞.
export function ciText(e: Interval, fmt: RatingFormat): string {
  if (e.rating === null || (e.ciLow === null && e.ciHigh === null && e.ciUnbounded === null)) return "–";
  const low = e.ciUnbounded === "low" || e.ciUnbounded === "both" ? "−∞" : fmt(e.ciLow);
  const high = e.ciUnbounded === "high" || e.ciUnbounded === "both" ? "∞" : fmt(e.ciHigh);
  return `${low} – ${high}`;
}

// "3", or "3 (2–5)" when the rank interval is wider than the rank.
export function rankText(r: { rank: number | null; rankBest: number | null; rankWorst: number | null }): string | number {
  if (r.rank === null) return "–";
  return r.rankBest === r.rankWorst ? r.rank : `${r.rank} (${r.rankBest}–${r.rankWorst})`;
}

// The rating with its interval beneath, as one cell: one column instead of two, so the leaderboard with its style
// columns fits a 1280 px screen and a phone. `testId` names the rating, `ciTestId` the interval.
export function RatingStack({ rating, ci, testId, ciTestId, className = "" }: { rating: string; ci: string; testId?: string; ciTestId?: string; className?: string }) {
  return (
    <Td align="end" className={className}>
      <span dir="ltr" className="block font-semibold" data-testid={testId}>
        {rating}
      </span>
      <span dir="ltr" className="block text-xs text-slate-500" data-testid={ciTestId}>
        {ci}
      </span>
    </Td>
  );
}

// A two-line header: the column's name, and beneath it, smaller, what the second line of its cells holds.
export function StackHeader({ title, sub }: { title: string; sub: string }) {
  return (
    <>
      <span className="block">{title}</span>
      <span className="block font-normal normal-case tracking-normal text-slate-600">{sub}</span>
    </>
  );
}

// On a phone the secondary numbers of a row move into a disclosure under the model's name (the columns that hold
// them on a wide screen are hidden there): the toggle sits in the model cell, and the numbers open in a row of
// their own beneath, as wide as the table, so the table never scrolls sideways and nothing is lost.
export function DetailsToggle({ label, open, onToggle, id }: { label: string; open: boolean; onToggle: () => void; id: string }) {
  return (
    <button
      type="button"
      className="mt-1 flex items-center gap-1 text-xs font-normal text-brand-700 lg:hidden"
      aria-expanded={open}
      aria-controls={open ? id : undefined}
      onClick={onToggle}
      data-testid="row-details-toggle"
    >
      <span aria-hidden className={`inline-block transition-transform ${open ? "rotate-90" : "rtl:-scale-x-100"}`}>▸</span>
      {label}
    </button>
  );
}

export function DetailsRow({ id, columns, items, className = "" }: { id: string; columns: number; items: { term: string; value: ReactNode }[]; className?: string }) {
  return (
    <tr id={id} className={`lg:hidden ${className}`} data-testid="row-details">
      {/* Terms wrap (the table body around them does not): a long term must not push the row past a phone's width. */}
      <td colSpan={columns} className="px-3 pb-3 pt-0">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 whitespace-normal gap-y-1 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          {items.map((item) => (
            <div key={item.term} className="contents">
              <dt className="text-slate-500">{item.term}</dt>
              <dd className="text-end tabular-nums font-medium text-slate-800">
                <span dir="ltr">{item.value}</span>
              </dd>
            </div>
          ))}
        </dl>
      </td>
    </tr>
  );
}

// Which rows have their details open (by key).
export function useOpenRows() {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return { isOpen: (key: string) => open.has(key), toggle };
}
