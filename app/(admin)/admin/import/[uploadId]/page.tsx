import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConfirmImport } from "@/components/admin/import/confirm-import";
import { IssueTable, FlaggedTable } from "@/components/admin/import/preview-tables";
import { ChangeTable, ResultSummary } from "@/components/admin/import/result-summary";
import { Forbidden } from "@/components/forbidden";
import { guardPage } from "@/lib/server/auth/page-guard";
import { getUpload } from "@/lib/server/import/get-upload";
import { uploadIdSchema } from "@/lib/validation/import";
import { audiences } from "@/lib/validation/auth";

export async function generateMetadata() {
  const t = await getTranslations("import.preview");
  return { title: t("title") };
}

export default async function ImportPreviewPage({ params }: { params: Promise<{ uploadId: string }> }) {
  const { uploadId } = await params;
  const access = await guardPage(audiences.admin, `/admin/import/${uploadId}`);
  if (!access.allowed) return <Forbidden roles={audiences.admin} />;
  const t = await getTranslations("import.preview");
  const format = await getFormatter();
  const id = uploadIdSchema.safeParse(uploadId);
  const upload = id.success ? await getUpload(id.data) : null;
  if (!upload) {
    return (
      <section data-testid="import-not-found" className="mx-auto mt-10 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-slate-700">{t("notFound")}</p>
        <Link href="/admin/import" className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          {t("uploadAnother")}
        </Link>
      </section>
    );
  }
  const p = upload.preview;
  const cards = [
    [t("prompts"), format.number(p.prompts), `${t("arabic")} ${format.number(p.languages.ar)} · ${t("english")} ${format.number(p.languages.en)}`],
    [t("responses"), format.number(p.responses), p.withPriority > 0 ? t("withPriority", { count: p.withPriority }) : ""],
    [t("models"), format.number(p.models.length), ""],
    [t("categories"), format.number(p.categoryCount), ""],
    [t("duplicates"), format.number(p.duplicateIds + p.duplicatePrompts), t("duplicatesDetail", { ids: p.duplicateIds, texts: p.duplicatePrompts })],
  ] as const;
  const hasErrors = p.errors.total > 0;

  return (
    <section data-testid="import-preview" data-has-errors={hasErrors} className="space-y-6">
      <div>
        <Link href="/admin/import" className="text-sm text-slate-500 hover:text-slate-800">
          {t("uploadAnother")}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
        {/* In the UI's direction, with the file and set names isolated (first-strong isolates): a Latin file
            name first no longer turns the Arabic line left to right and scrambles it. */}
        <p className="mt-1 text-slate-700" data-testid="file-to-set">{t("fileToSet", { file: `\u2068${p.fileName}\u2069`, set: `\u2068${p.setName}\u2069` })}</p>
        <p className="mt-1 flex flex-wrap gap-2 text-sm">
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-slate-700">{p.setExists ? t("existingSet") : t("newSet")}</span>
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-slate-700">{p.format.toUpperCase()}</span>
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-slate-700">{p.sizeBytes < 1024 * 1024
              ? t("sizeKb", { size: format.number(p.sizeBytes / 1024, { maximumFractionDigits: 1 }) })
              : t("size", { size: format.number(p.sizeBytes / 1024 / 1024, { maximumFractionDigits: 1 }) })}</span>
        </p>
        <p className="mt-2 text-sm text-slate-500">{t("nfcNote")}</p>
      </div>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {cards.map(([label, value, detail]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`count-${label}`}>{value}</dd>
            {detail && <dd className="mt-1 text-xs text-slate-500">{detail}</dd>}
          </div>
        ))}
      </dl>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="font-semibold">{t("changesTitle")}</h2>
          <ChangeTable
            rows={[
              [t("prompts"), p.changes.promptsNew, p.changes.promptsChanged, p.changes.promptsUnchanged],
              [t("responses"), p.changes.responsesNew, p.changes.responsesChanged, p.changes.responsesUnchanged],
            ]}
          />
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="font-semibold">{t("modelsTitle")}</h2>
          <ul className="mt-3 flex flex-wrap gap-2 text-sm">
            {p.models.map((m) => (
              <li key={m.key} className="rounded-lg border border-slate-200 px-2.5 py-1">
                <span className="font-medium" dir="ltr">{m.key}</span>
                <span className="ms-2 text-slate-500">{t("modelResponses", { count: m.responses })}</span>
                <span className={`ms-2 rounded px-1.5 text-xs ${m.existing ? "bg-slate-100 text-slate-600" : "bg-amber-100 text-amber-800"}`}>{m.existing ? t("knownModel") : t("newModel")}</span>
              </li>
            ))}
          </ul>
          <h2 className="mt-5 font-semibold">{t("categoriesTitle")}</h2>
          <p className="mt-2 text-sm text-slate-700" dir="auto">
            {p.categories.map((c) => `${c.name} (${c.count})`).join(" · ")}
            {p.categoryCount > p.categories.length && ` ${t("moreCategories", { count: p.categoryCount - p.categories.length })}`}
          </p>
        </section>
      </div>

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="import-errors">
        <h2 className="font-semibold">
          {t("errorsTitle")} <span className="tabular-nums text-slate-500">({format.number(p.errors.total)})</span>
        </h2>
        {hasErrors ? (
          <>
            <p className="mt-1 text-sm text-red-700">{t("errorsLead")}</p>
            <IssueTable issues={p.errors.items} />
            {p.errors.total > p.errors.items.length && <p className="mt-2 text-sm text-slate-500">{t("errorsShown", { shown: p.errors.items.length, total: p.errors.total })}</p>}
          </>
        ) : (
          <p className="mt-1 text-sm text-emerald-700">{t("errorsNone")}</p>
        )}
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="import-flagged">
        <h2 className="font-semibold">
          {t("flaggedTitle")} <span className="tabular-nums text-slate-500">({format.number(p.flagged.total)})</span>
        </h2>
        {p.flagged.total > 0 ? (
          <>
            <p className="mt-1 text-sm text-slate-600">{t("flaggedLead")}</p>
            <FlaggedTable items={p.flagged.items} />
            {p.flagged.total > p.flagged.items.length && <p className="mt-2 text-sm text-slate-500">{t("flaggedShown", { shown: p.flagged.items.length, total: p.flagged.total })}</p>}
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t("flaggedNone")}</p>
        )}
      </section>

      {upload.importedAt ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">{t("alreadyImported", { date: format.dateTime(upload.importedAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
          {p.result && <ResultSummary result={p.result} />}
        </div>
      ) : (
        <ConfirmImport uploadId={upload.id} prompts={p.prompts} hasErrors={hasErrors} flagged={p.flagged} />
      )}
    </section>
  );
}
