"use client";

import { Bar, CartesianGrid, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { roundTicks } from "@/lib/text/number-text";
import type { LeaderboardEntry } from "@/lib/server/research/leaderboard-payload";

// One bar per model spanning its 95% interval, with the rating as a dot; sorted as in the table.
export function CiChart({ entries, rtl }: { entries: LeaderboardEntry[]; rtl: boolean }) {
  const data = entries
    .filter((e) => e.rating !== null && e.ciLow !== null && e.ciHigh !== null)
    .map((e) => ({ name: e.displayName, range: [e.ciLow!, e.ciHigh!] as [number, number], rating: e.rating! }));
  if (data.length === 0) return null;
  // Ticks at round numbers (recharts' own land on values like 937 and 1043); on a phone recharts drops those that
  // would overlap, keeping both ends.
  const ticks = roundTicks(Math.min(...data.map((d) => d.range[0])), Math.max(...data.map((d) => d.range[1])));
  return (
    <div dir="ltr" className="h-[min(70vh,calc(40px*var(--rows)+60px))] w-full" style={{ ["--rows" as string]: data.length }} data-testid="ci-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart layout="vertical" data={data} margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" domain={[ticks[0]!, ticks.at(-1)!]} ticks={ticks} interval="preserveStartEnd" minTickGap={8} allowDecimals reversed={rtl} tick={{ fontSize: 12, fill: "#475569" }} />
          <YAxis type="category" dataKey="name" width={130} orientation={rtl ? "right" : "left"} tick={{ fontSize: 12, fill: "#0f172a" }} />
          <Tooltip
            formatter={(value) => (Array.isArray(value) ? `${value[0]} – ${value[1]}` : String(value))}
            contentStyle={{ fontSize: 12 }}
          />
          <Bar dataKey="range" fill="#93b4ee" barSize={14} radius={4} isAnimationActive={false} />
          <Scatter dataKey="rating" fill="#1d4690" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
