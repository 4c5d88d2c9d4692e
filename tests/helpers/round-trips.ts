import pg from "pg";

// Every round trip to Postgres made through node-postgres (the hot-path SQL and Prisma both use it),
// recorded while `work` runs.
export type Trip = { text: string };
export async function recordTrips<T>(work: () => Promise<T>): Promise<{ result: T; trips: Trip[] }> {
  const trips: Trip[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === "string" ? config : (config as { text?: string })?.text ?? "";
    trips.push({ text });
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof original;
  try {
    return { result: await work(), trips };
  } finally {
    pg.Client.prototype.query = original;
  }
}
