// Most models one import may name (ARENA_IMPORT_MAX_MODELS, default 200). The scheduler keeps a weight for
// every pair of live models (models² numbers) and refits Bradley–Terry ratings over them every few seconds;
// 200 models are what `npm run bench:scheduler-scale` measures. A file naming more is refused at preview,
// before anything is written.
import "server-only";
import { env } from "@/lib/server/env";

export function maxImportModels(): number {
  return env("ARENA_IMPORT_MAX_MODELS");
}
