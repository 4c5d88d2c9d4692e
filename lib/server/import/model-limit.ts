// Most models one import may name (ARENA_IMPORT_MAX_MODELS, default 200). The scheduler keeps a weight for
// every pair of live models (models² numbers) and refits Bradley–Terry ratings over them every few seconds;
// 200 models are what `npm run bench:scheduler-scale` measures. A file naming more is refused at preview,
// before anything is written.
export function maxImportModels(): number {
  const raw = process.env.ARENA_IMPORT_MAX_MODELS;
  const value = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 2 ? value : 200;
}
