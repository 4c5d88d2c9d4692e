import { createTranslator } from "next-intl";
import arImport from "@/lib/i18n/messages/ar/import.json";
import enImport from "@/lib/i18n/messages/en/import.json";
import type { ImportIssue } from "./issues";

const catalogs = { en: enImport, ar: arImport } as const;

// One issue as a sentence in the given language (the CLI and logs; the pages use useTranslations).
export function issueMessage(issue: Pick<ImportIssue, "code" | "params" | "field">, locale: "en" | "ar" = "en"): string {
  const t = createTranslator({ locale, messages: catalogs[locale], namespace: "import.errors" });
  return t(issue.code, { field: issue.field || "—", ...issue.params } as Record<string, string | number>);
}

export function formatIssue(issue: ImportIssue, locale: "en" | "ar" = "en"): string {
  const where = issue.line > 0 ? `line ${issue.line}` : "file";
  return `${where}${issue.field ? ` [${issue.field}]` : ""}: ${issueMessage(issue, locale)}`;
}
