import { useTranslations } from "next-intl";
import { isolate } from "@/lib/i18n/format";
import type { ImportIssue } from "@/lib/import/issues";
import type { FlaggedResponse } from "@/lib/import/preview";

// Line-numbered problems, each sentence in the admin's UI language.
export function IssueTable({ issues }: { issues: ImportIssue[] }) {
  const t = useTranslations("import");
  return (
    <div className="mt-3 max-h-[32rem] overflow-auto">
      <table className="w-full text-sm">
        <thead className="sticky top-0 bg-white">
          <tr className="text-slate-500">
            <th className="py-1.5 pe-4 text-start font-medium">{t("preview.line")}</th>
            <th className="py-1.5 pe-4 text-start font-medium">{t("preview.field")}</th>
            <th className="py-1.5 text-start font-medium">{t("preview.message")}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => (
            <tr key={i} className="border-t border-slate-100 align-top" data-testid="import-error-row">
              <td className="py-1.5 pe-4 tabular-nums">{issue.line > 0 ? issue.line : t("preview.wholeFile")}</td>
              <td className="py-1.5 pe-4 font-mono text-xs" dir="ltr">{issue.field || "—"}</td>
              {/* The sentence is in the UI language and reads in its direction; the field name from the file
                  inside it is isolated, so an Arabic sentence that starts with a Latin field name
                  stays right to left and its punctuation stays in place. */}
              <td className="py-1.5" data-testid="import-error-message">{t(`errors.${issue.code}`, { ...issue.params, field: isolate(issue.field || "—") })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FlaggedTable({ items }: { items: FlaggedResponse[] }) {
  const t = useTranslations("import.preview");
  return (
    <div className="mt-3 max-h-[32rem] overflow-auto">
      <table className="w-full text-sm">
        <thead className="sticky top-0 bg-white">
          <tr className="text-slate-500">
            <th className="py-1.5 pe-4 text-start font-medium">{t("line")}</th>
            <th className="py-1.5 pe-4 text-start font-medium">{t("promptId")}</th>
            <th className="py-1.5 pe-4 text-start font-medium">{t("model")}</th>
            <th className="py-1.5 text-start font-medium">{t("phrase")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f, i) => (
            <tr key={i} className="border-t border-slate-100 align-top" data-testid="flagged-row">
              <td className="py-1.5 pe-4 tabular-nums">{f.line}</td>
              <td className="py-1.5 pe-4" dir="auto">{f.id}</td>
              <td className="py-1.5 pe-4" dir="ltr">{f.model}</td>
              <td className="py-1.5" dir="auto">
                <mark className="rounded bg-amber-100 px-1 text-amber-900">{f.phrase}</mark>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
