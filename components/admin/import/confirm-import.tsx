"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ImportResult } from "@/lib/import/preview";
import { useHydrated } from "@/components/use-hydrated";
import { apiErrorMessage } from "./api-error";
import { ResultSummary } from "./result-summary";

type Props = { uploadId: string; prompts: number; hasErrors: boolean; flagged: { total: number; responsesDropped: number; promptsDropped: number } };

// The admin's decision: keep or drop self-identifying responses, then import (or discard the upload).
export function ConfirmImport({ uploadId, prompts, hasErrors, flagged }: Props) {
  const t = useTranslations("import");
  const router = useRouter();
  const [dropFlagged, setDropFlagged] = useState(false);
  const [pending, setPending] = useState<"commit" | "discard" | null>(null);
  const hydrated = useHydrated();
  const busy = pending !== null || !hydrated;
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function call(method: "POST" | "DELETE", url: string, body?: unknown) {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, json };
  }

  async function confirm() {
    setPending("commit");
    setError(null);
    const r = await call("POST", `/api/admin/import/uploads/${uploadId}/commit`, { dropFlagged });
    setPending(null);
    if (r.ok) setResult((r.json as { result: ImportResult }).result);
    else setError(t("preview.failed", { message: apiErrorMessage(t, r.status, r.json) }));
  }

  async function discard() {
    setPending("discard");
    const r = await call("DELETE", `/api/admin/import/uploads/${uploadId}`);
    setPending(null);
    if (r.ok || r.status === 404) router.push("/admin/import");
    else setError(apiErrorMessage(t, r.status, r.json));
  }

  if (result) {
    return (
      <div className="space-y-4">
        <ResultSummary result={result} />
        <Link href="/admin/import" className="inline-block rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-50">
          {t("preview.uploadAnother")}
        </Link>
      </div>
    );
  }

  const dropPrompts = dropFlagged ? flagged.promptsDropped : 0;
  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="confirm-import">
      {flagged.total > 0 && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("preview.flaggedTitle")}</legend>
          <div className="flex flex-wrap gap-4">
            {[false, true].map((value) => (
              <label key={String(value)} className="flex items-center gap-2 text-sm">
                <input type="radio" name="dropFlagged" checked={dropFlagged === value} onChange={() => setDropFlagged(value)} data-testid={value ? "drop-flagged" : "keep-flagged"} />
                {value ? t("preview.dropFlagged") : t("preview.keepFlagged")}
              </label>
            ))}
          </div>
          <p className="text-sm text-slate-500">{t("preview.dropEffect", { responses: flagged.responsesDropped, prompts: flagged.promptsDropped })}</p>
        </fieldset>
      )}
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="confirm-error">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={confirm}
          disabled={hasErrors || busy}
          data-testid="confirm-button"
          className="rounded-md bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {pending === "commit" ? t("preview.confirming") : t("preview.confirm", { count: prompts - dropPrompts })}
        </button>
        <button type="button" onClick={discard} disabled={busy} className="rounded-md border border-slate-300 px-4 py-2.5 font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
          {t("preview.discard")}
        </button>
        {hasErrors && <span className="text-sm text-red-700">{t("preview.confirmDisabled")}</span>}
      </div>
    </div>
  );
}
