// UI messages, one file per area (core, admin, import, research, ratings, quality) and language, merged here.
// Every key must exist in both languages (tests/integration/messages.test.ts checks it).
import arAdmin from "./messages/ar/admin.json";
import arCore from "./messages/ar/core.json";
import arImport from "./messages/ar/import.json";
import arQuality from "./messages/ar/quality.json";
import arRatings from "./messages/ar/ratings.json";
import arResearch from "./messages/ar/research.json";
import enAdmin from "./messages/en/admin.json";
import enCore from "./messages/en/core.json";
import enImport from "./messages/en/import.json";
import enQuality from "./messages/en/quality.json";
import enRatings from "./messages/en/ratings.json";
import enResearch from "./messages/en/research.json";
import type { Locale } from "./config";

export const messages: Record<Locale, Record<string, unknown>> = {
  en: { ...enCore, ...enAdmin, ...enImport, ...enResearch, ...enRatings, ...enQuality },
  ar: { ...arCore, ...arAdmin, ...arImport, ...arResearch, ...arRatings, ...arQuality },
};
