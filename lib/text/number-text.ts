// Numbers as researchers read them in tables and charts.

/** x with a fixed number of decimals, never "-0.00": a value that rounds to zero has no sign. */
export function fixed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** Axis ticks at round numbers (1, 2 or 5 × a power of ten apart) covering [min, max], about `count` of them. */
export function roundTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) max = min + 1;
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 is 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = first; v < max + step; v += step) {
    ticks.push(Number(v.toFixed(decimals)));
    if (ticks.at(-1)! >= max) break;
  }
  return ticks;
}
