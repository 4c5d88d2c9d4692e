import { z } from "zod";
import { locales } from "@/lib/i18n/config";

export const localeSchema = z.object({ locale: z.enum(locales, { error: "locale must be ar or en." }) });
