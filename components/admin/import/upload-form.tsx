"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useHydrated } from "@/components/use-hydrated";
import { apiErrorMessage } from "./api-error";

type Phase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "checking" } | { kind: "error"; message: string };

// Sends the file as the raw request body (no multipart) so the server streams it straight into the
// staging tables; XMLHttpRequest because fetch reports no upload progress.
export function UploadForm({ limitMb }: { limitMb: number }) {
  const t = useTranslations("import");
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "uploading" || phase.kind === "checking";
  const hydrated = useHydrated();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const setName = String(form.get("setName") ?? "").trim();
    const file = form.get("file");
    if (!setName) return setPhase({ kind: "error", message: t("form.nameRequired") });
    if (!(file instanceof File) || file.name === "") return setPhase({ kind: "error", message: t("form.chooseFile") });
    if (file.size > limitMb * 1024 * 1024) return setPhase({ kind: "error", message: t("errors.too_large", { limitMb }) });

    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/admin/import/uploads?${new URLSearchParams({ setName, fileName: file.name })}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      setPhase(percent >= 100 ? { kind: "checking" } : { kind: "uploading", percent });
    };
    xhr.upload.onload = () => setPhase({ kind: "checking" });
    xhr.onerror = () => setPhase({ kind: "error", message: t("form.failed", { message: t("errors.generic", { status: 0 }) }) });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON (e.g. a proxy's error page)
      }
      if (xhr.status === 200 && body && typeof body === "object" && "uploadId" in body) {
        router.push(`/admin/import/${(body as { uploadId: string }).uploadId}`);
        return;
      }
      setPhase({ kind: "error", message: t("form.failed", { message: apiErrorMessage(t, xhr.status, body) }) });
    };
    setPhase({ kind: "uploading", percent: 0 });
    xhr.send(file);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="import-form">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("form.setName")}</span>
        <input name="setName" required maxLength={120} dir="auto" disabled={busy} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
        <span className="mt-1 block text-sm text-slate-500">{t("form.setNameHint")}</span>
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("form.file")}</span>
        <input name="file" type="file" accept=".jsonl,.ndjson,.csv" disabled={busy} className="mt-1 block w-full text-sm text-slate-700 file:me-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-medium file:text-slate-700 hover:file:bg-slate-200" />
        <span className="mt-1 block text-sm text-slate-500">{t("form.fileHint", { limitMb })}</span>
      </label>
      {phase.kind === "uploading" && (
        <div role="status" className="space-y-1">
          <div className="h-2 overflow-hidden rounded-full bg-slate-100">
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${phase.percent}%` }} />
          </div>
          <p className="text-sm text-slate-600">{t("form.uploading", { percent: phase.percent })}</p>
        </div>
      )}
      {phase.kind === "checking" && (
        <p role="status" className="text-sm text-slate-600">
          {t("form.checking")}
        </p>
      )}
      {phase.kind === "error" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="import-error">
          {phase.message}
        </p>
      )}
      <button type="submit" disabled={busy || !hydrated} className="rounded-md bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {t("form.submit")}
      </button>
    </form>
  );
}
