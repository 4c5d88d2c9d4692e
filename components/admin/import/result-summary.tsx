import { useTranslations } from "next-intl";
import type { ImportResult } from "@/lib/import/preview";

// What a confirmed import did (server and client).
export function ResultSummary({ result }: { result: ImportResult }) {
  const t = useTranslations("import.preview");
  const rows = [
    [t("resultPrompts"), result.promptsNew, result.promptsChanged, result.promptsUnchanged],
    [t("resultResponses"), result.responsesNew, result.responsesChanged, result.responsesUnchanged],
  ] as const;
  return (
    <section data-testid="import-result" className="rounded-xl border border-emerald-200 bg-emerald-50 p-5">
      <h2 className="text-lg font-semibold text-emerald-900">{t("resultTitle")}</h2>
      <p className="mt-1 text-emerald-900" dir="auto">{t("resultLead", { set: result.setName })}</p>
      <ChangeTable rows={rows} />
      <p className="mt-3 text-sm text-emerald-900">{t("resultPairScores", { count: result.pairScores })}</p>
      {(result.responsesDropped > 0 || result.promptsDropped > 0) && (
        <p className="text-sm text-emerald-900">{t("resultDropped", { responses: result.responsesDropped, prompts: result.promptsDropped })}</p>
      )}
    </section>
  );
}

export function ChangeTable({ rows }: { rows: readonly (readonly [string, number, number, number])[] }) {
  const t = useTranslations("import.preview");
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-72 text-sm">
        <thead>
          <tr className="text-start text-slate-500">
            <th className="py-1 pe-4 text-start font-medium">{t("kind")}</th>
            <th className="py-1 pe-4 text-end font-medium">{t("new")}</th>
            <th className="py-1 pe-4 text-end font-medium">{t("changed")}</th>
            <th className="py-1 text-end font-medium">{t("unchanged")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, created, changed, unchanged]) => (
            <tr key={label} className="border-t border-slate-200/70">
              <th className="py-1.5 pe-4 text-start font-medium text-slate-700">{label}</th>
              <td className="py-1.5 pe-4 text-end tabular-nums" data-testid={`new-${label}`}>{created}</td>
              <td className="py-1.5 pe-4 text-end tabular-nums">{changed}</td>
              <td className="py-1.5 text-end tabular-nums">{unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
