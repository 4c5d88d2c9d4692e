"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { apiErrorText } from "@/components/api-error-text";
import { Markdown } from "@/components/markdown";
import type { CampaignGuidelines } from "@/lib/server/battles/battle-view";
import { postJson, type ApiFailure } from "./post-json";

// The text in the UI language, or the other language's when that one is empty.
export function guidelinesText(guidelines: CampaignGuidelines, locale: string): string {
  const own = locale === "ar" ? guidelines.ar : guidelines.en;
  return own.trim() ? own : locale === "ar" ? guidelines.en : guidelines.ar;
}

// Shown instead of the battle until the annotator acknowledges the campaign's guidelines (once per
// campaign, and again after an admin changes them). The acknowledgement is stored on the server.
export function GuidelinesGate({ campaign, onAcknowledged }: { campaign: { id: string; name: string; guidelines: CampaignGuidelines }; onAcknowledged: () => void }) {
  const t = useTranslations("battle");
  const tRoot = useTranslations();
  const locale = useLocale();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function acknowledge() {
    if (sending) return;
    setSending(true);
    const result = await postJson<{ acknowledgement: unknown }>(`/api/me/guidelines/${encodeURIComponent(campaign.id)}/acknowledge`, {});
    setSending(false);
    if (!result.ok) return setFailure(result);
    onAcknowledged();
  }

  return (
    <section data-testid="guidelines-gate" aria-labelledby="guidelines-gate-title" className="mx-auto max-w-3xl rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h1 id="guidelines-gate-title" ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
        {t("guidelinesTitle", { campaign: campaign.name })}
      </h1>
      <p className="mt-2 text-sm leading-6 text-slate-600">{t("guidelinesIntro")}</p>
      <Markdown text={guidelinesText(campaign.guidelines, locale)} className="guidelines mt-4 border-t border-slate-100 pt-4 text-slate-800" />
      {failure && (
        <p role="alert" className="mt-4 text-red-700">
          {t("error", { message: apiErrorText(tRoot, failure) })}
        </p>
      )}
      <div className="mt-6 flex justify-end">
        <button
          type="button"
          data-testid="guidelines-acknowledge"
          onClick={() => void acknowledge()}
          disabled={sending}
          className="w-full rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60 sm:w-auto"
        >
          {sending ? t("guidelinesSaving") : t("guidelinesAcknowledge")}
        </button>
      </div>
    </section>
  );
}

// The "Guidelines" button on the battle page and the dialog it opens (a native modal dialog: focus moves
// in and back, Escape or the Close button closes it, the page behind is inert).
export function GuidelinesButton({ campaign }: { campaign: { name: string; guidelines: CampaignGuidelines } }) {
  const t = useTranslations("battle");
  const locale = useLocale();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  return (
    <>
      <button
        type="button"
        data-testid="guidelines-open"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
        className="rounded-full border border-slate-300 bg-white px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
      >
        {t("guidelines")}
      </button>
      <dialog
        ref={dialog}
        data-testid="guidelines-dialog"
        aria-labelledby="guidelines-dialog-title"
        onClose={() => setOpen(false)}
        className="m-auto max-h-[85vh] w-[calc(100%-1.5rem)] max-w-2xl rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="flex max-h-[85vh] flex-col">
          <header className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
            <h2 id="guidelines-dialog-title" className="text-base font-semibold sm:text-lg">
              {t("guidelinesTitle", { campaign: campaign.name })}
            </h2>
            <button
              type="button"
              data-testid="guidelines-close"
              onClick={() => dialog.current?.close()}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              {t("guidelinesClose")}
            </button>
          </header>
          <div className="overflow-y-auto px-4 py-4">{open && <Markdown text={guidelinesText(campaign.guidelines, locale)} className="guidelines text-slate-800" />}</div>
        </div>
      </dialog>
    </>
  );
}
