"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";

export function LocaleSwitcher() {
  const locale = useLocale();
  const t = useTranslations("nav");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = locale === "ar" ? "en" : "ar";
  return (
    <button
      type="button"
      data-testid="locale-switcher"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          await fetch("/api/locale", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ locale: next }) });
          router.refresh();
        })
      }
      className="rounded-md border border-slate-300 px-2.5 py-1 text-slate-700 hover:bg-slate-100 disabled:opacity-50"
    >
      {/* The accessible name is "Language: العربية": it includes the visible text (WCAG 2.5.3). */}
      <span className="sr-only">{t("language")}: </span>
      <span lang={next}>{t("switchTo")}</span>
    </button>
  );
}
