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

// The rating and its interval, as two cells; `pinned` replaces the interval (the anchor model's is fixed).
export function RatingCells({ row, fmt, pinned }: { row: Interval; fmt: RatingFormat; pinned?: string }) {
  return (
    <>
      <Td align="end" ltr className="font-semibold" data-testid="rating">
        {fmt(row.rating)}
      </Td>
      <Td align="end" ltr className="text-slate-600">
        {pinned ?? ciText(row, fmt)}
      </Td>
    </>
  );
}
