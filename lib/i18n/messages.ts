// UI messages, one file per area (core, admin, import, research, ratings, quality, generation, live) and language, merged here.
// Every key must exist in both languages (tests/integration/messages.test.ts checks it).
import arAdmin from "./messages/ar/admin.json";
import arCore from "./messages/ar/core.json";
import arGeneration from "./messages/ar/generation.json";
import arImport from "./messages/ar/import.json";
import arLive from "./messages/ar/live.json";
import arQuality from "./messages/ar/quality.json";
import arRatings from "./messages/ar/ratings.json";
import arResearch from "./messages/ar/research.json";
import arViews from "./messages/ar/views.json";
import enAdmin from "./messages/en/admin.json";
import enCore from "./messages/en/core.json";
import enGeneration from "./messages/en/generation.json";
import enImport from "./messages/en/import.json";
import enLive from "./messages/en/live.json";
import enQuality from "./messages/en/quality.json";
import enRatings from "./messages/en/ratings.json";
import enResearch from "./messages/en/research.json";
import enViews from "./messages/en/views.json";
import type { Locale } from "./config";

export const messages: Record<Locale, Record<string, unknown>> = {
  en: { ...enCore, ...enAdmin, ...enImport, ...enResearch, ...enRatings, ...enQuality, ...enGeneration, ...enViews, ...enLive },
  ar: { ...arCore, ...arAdmin, ...arImport, ...arResearch, ...arRatings, ...arQuality, ...arGeneration, ...arViews, ...arLive },
};
