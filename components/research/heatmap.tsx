// A model × model heatmap as a table: colour encodes the value, the title attribute gives the counts
// on hover, and the number is printed in the cell so it reads without colour too.
// href: where the cell leads (the battle browser for that model pair).
export type HeatmapCell = { value: number | null; text: string; title: string; href?: string };

// 0 → warm, 0.5 → neutral, 1 → cool.
function colour(value: number | null, diverging: boolean): string {
  if (value === null) return "transparent";
  if (!diverging) return `rgba(47, 111, 219, ${0.08 + 0.8 * value})`;
  const strength = Math.min(1, Math.abs(value - 0.5) * 2);
  return value >= 0.5 ? `rgba(47, 111, 219, ${0.08 + 0.75 * strength})` : `rgba(220, 88, 60, ${0.08 + 0.75 * strength})`;
}

export function Heatmap({ labels, cells, diverging = true, testId }: { labels: string[]; cells: HeatmapCell[][]; diverging?: boolean; testId: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs tabular-nums" data-testid={testId}>
        <thead>
          <tr>
            <th />
            {labels.map((l) => (
              <th key={l} scope="col" className="h-28 w-12 align-bottom font-medium text-slate-600">
                <span className="inline-block max-h-28 truncate [writing-mode:vertical-rl] rotate-180" dir="auto">{l}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((row, i) => (
            <tr key={labels[i]}>
              <th scope="row" className="whitespace-nowrap pe-2 text-end font-medium text-slate-700" dir="auto">{labels[i]}</th>
              {row.map((cell, j) => (
                <td
                  key={j}
                  title={cell.title}
                  style={{ backgroundColor: colour(cell.value, diverging) }}
                  className={`h-10 w-12 rounded text-center ${i === j ? "bg-slate-100 text-slate-300" : "text-slate-900"}`}
                >
                  {i === j ? (
                    "·"
                  ) : cell.href ? (
                    <a href={cell.href} aria-label={cell.title} className="flex h-full w-full items-center justify-center rounded hover:ring-2 hover:ring-brand-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600" data-testid="matrix-cell-link">
                      {cell.text}
                    </a>
                  ) : (
                    cell.text
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
