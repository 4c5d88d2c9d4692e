"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { updateCampaignGuidanceAction } from "@/lib/actions/admin";
import { Markdown } from "@/components/markdown";
import { Card, ErrorNote, inputClass, primaryButtonClass } from "@/components/ui";
import { useHydrated } from "@/components/use-hydrated";
import { useServerAction } from "@/components/use-server-action";
import { defaultReasonFlags, maxReasonFlags, type ReasonFlag } from "@/lib/validation/reason-flags";

// The campaign's guidelines (Markdown, Arabic and English) and the reason flags annotators may set per
// response. The server re-validates everything (lib/validation/reason-flags.ts).
export function CampaignGuidanceForm({ campaignId, initial }: { campaignId: string; initial: { guidelinesAr: string; guidelinesEn: string; reasonFlags: ReasonFlag[] } }) {
  const t = useTranslations("admin.campaigns.guidance");
  const locale = useLocale();
  const save = useServerAction(updateCampaignGuidanceAction, "admin.errors");
  const hydrated = useHydrated();
  const [texts, setTexts] = useState({ ar: initial.guidelinesAr, en: initial.guidelinesEn });
  const [flags, setFlags] = useState<ReasonFlag[]>(initial.reasonFlags);
  const [saved, setSaved] = useState(false);

  const setFlag = (index: number, field: keyof ReasonFlag, value: string) => {
    setSaved(false);
    setFlags((current) => current.map((f, i) => (i === index ? { ...f, [field]: value } : f)));
  };

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const data = new FormData(event.currentTarget);
    const text = (lang: "ar" | "en") => String(data.get(`guidelines-${lang}`) ?? "");
    save.run({ campaignId, guidelinesAr: text("ar"), guidelinesEn: text("en"), reasonFlags: flags }, () => setSaved(true));
  }

  return (
    <Card className="p-5">
      <form onSubmit={onSubmit} noValidate data-testid="campaign-guidance-form">
        {/* Every control waits for hydration: text typed before it could be mixed with the server-rendered text
            (a loaded e2e run saved the typed guidelines followed by the old ones), and the flag buttons do
            nothing until then. */}
        <fieldset disabled={!hydrated} className="min-w-0 space-y-6">
        <div>
          <h3 className="font-semibold">{t("guidelinesTitle")}</h3>
          <p className="mt-1 text-sm text-slate-600">{t("guidelinesHelp")}</p>
          <div className="mt-3 grid gap-4 lg:grid-cols-2">
            {(["ar", "en"] as const).map((lang) => (
              <div key={lang} className="min-w-0">
                <label className="block">
                  <span className="text-sm font-medium text-slate-700">{t(`guidelines.${lang}`)}</span>
                  <textarea
                    name={`guidelines-${lang}`}
                    data-testid={`guidelines-${lang}`}
                    dir={lang === "ar" ? "rtl" : "ltr"}
                    lang={lang}
                    rows={10}
                    maxLength={20_000}
                    // Uncontrolled (the form reads it on submit; the preview follows onChange), so hydration
                    // never touches what the server rendered or what the admin already typed.
                    defaultValue={lang === "ar" ? initial.guidelinesAr : initial.guidelinesEn}
                    onChange={(e) => {
                      setSaved(false);
                      setTexts((current) => ({ ...current, [lang]: e.target.value }));
                    }}
                    // Monospace only for the Latin text: Arabic letters do not join in a monospace font.
                    className={`mt-1 text-sm ${lang === "en" ? "font-mono" : ""} ${inputClass}`}
                  />
                </label>
                <details className="mt-2 rounded-md border border-slate-200 px-3 py-2">
                  <summary className="cursor-pointer text-sm font-medium text-slate-700">{t("preview")}</summary>
                  {texts[lang].trim() ? <Markdown text={texts[lang]} className="mt-2 text-sm text-slate-800" /> : <p className="mt-2 text-sm text-slate-500">{t("empty")}</p>}
                </details>
              </div>
            ))}
          </div>
          {save.fieldErrors.guidelinesAr || save.fieldErrors.guidelinesEn ? <p className="mt-1 text-sm text-red-700">{t("invalidGuidelines")}</p> : null}
        </div>

        <fieldset>
          <legend className="font-semibold">{t("flagsTitle")}</legend>
          <p className="mt-1 text-sm text-slate-600">{t("flagsHelp", { max: maxReasonFlags })}</p>
          {flags.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{t("noFlags")}</p>
          ) : (
            <ul className="mt-3 space-y-3" data-testid="guidance-flags">
              {flags.map((flag, index) => (
                <li key={index} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1.3fr)_auto] sm:items-end">
                  <label className="block min-w-0">
                    <span className="text-xs font-medium text-slate-600">
                      {t("flagKey")}{" "}
                      <bdi dir="ltr" className="font-mono">
                        (a–z 0–9 _)
                      </bdi>
                    </span>
                    <input
                      data-testid={`flag-key-${index}`}
                      dir="ltr"
                      value={flag.key}
                      maxLength={40}
                      onChange={(e) => setFlag(index, "key", e.target.value)}
                      className={`mt-1 font-mono ${inputClass}`}
                    />
                  </label>
                  <label className="block min-w-0">
                    <span className="text-xs font-medium text-slate-600">{t("flagEn")}</span>
                    <input data-testid={`flag-en-${index}`} dir="ltr" lang="en" value={flag.en} maxLength={60} onChange={(e) => setFlag(index, "en", e.target.value)} className={`mt-1 ${inputClass}`} />
                  </label>
                  <label className="block min-w-0">
                    <span className="text-xs font-medium text-slate-600">{t("flagAr")}</span>
                    <input data-testid={`flag-ar-${index}`} dir="rtl" lang="ar" value={flag.ar} maxLength={60} onChange={(e) => setFlag(index, "ar", e.target.value)} className={`mt-1 ${inputClass}`} />
                  </label>
                  <button
                    type="button"
                    data-testid={`flag-remove-${index}`}
                    onClick={() => {
                      setSaved(false);
                      setFlags((current) => current.filter((_, i) => i !== index));
                    }}
                    className="rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
                  >
                    {t("removeFlag", { label: (locale === "ar" ? flag.ar : flag.en) || flag.key || String(index + 1) })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              data-testid="flag-add"
              disabled={flags.length >= maxReasonFlags}
              onClick={() => {
                setSaved(false);
                setFlags((current) => [...current, { key: "", en: "", ar: "" }]);
              }}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
            >
              {t("addFlag")}
            </button>
            <button
              type="button"
              onClick={() => {
                setSaved(false);
                setFlags(defaultReasonFlags);
              }}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              {t("defaultFlags")}
            </button>
          </div>
          {save.fieldErrors.reasonFlags ? (
            <p className="mt-2 text-sm text-red-700" data-testid="guidance-flags-error">
              {t("invalidFlags")}
            </p>
          ) : null}
        </fieldset>

        {!Object.keys(save.fieldErrors).length && <ErrorNote message={save.message} />}
        <div className="flex items-center gap-3">
          <button type="submit" data-testid="guidance-save" disabled={!save.ready} className={primaryButtonClass}>
            {save.pending ? t("saving") : t("save")}
          </button>
          {saved && !save.pending && (
            <span role="status" data-testid="guidance-saved" className="text-sm font-medium text-emerald-700">
              {t("saved")}
            </span>
          )}
        </div>
        </fieldset>
      </form>
    </Card>
  );
}
