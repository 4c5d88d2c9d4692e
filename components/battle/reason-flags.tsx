"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ReasonFlag } from "@/lib/validation/reason-flags";
import { flagKeyCodes, flagKeyLabel } from "./battle-keys";

// One response's reason flags: toggle buttons (one tap each, aria-pressed), each with its physical key
// (top letter row for A, bottom row for B; hints only where there is a keyboard).
export function ReasonFlagToggles({
  side,
  flags,
  chosen,
  disabled,
  onToggle,
}: {
  side: "a" | "b";
  flags: ReasonFlag[];
  chosen: readonly string[];
  disabled: boolean;
  onToggle: (key: string) => void;
}) {
  const t = useTranslations("battle");
  const locale = useLocale();
  if (flags.length === 0) return null;
  const sideName = side === "a" ? t("responseA") : t("responseB");
  return (
    <fieldset aria-label={t("flagsLabel", { side: sideName })} data-testid={`flags-${side}`} className="min-w-0 border-t border-slate-100 px-4 py-2.5">
      <p className="mb-1.5 text-xs text-slate-600">{t("flagsHint")}</p>
      <div className="flex flex-wrap gap-1.5">
        {flags.map((flag, index) => {
          const on = chosen.includes(flag.key);
          const keyLabel = flagKeyLabel(flagKeyCodes[side][index]!);
          return (
            <button
              key={flag.key}
              type="button"
              data-testid={`flag-${side}-${flag.key}`}
              aria-pressed={on}
              disabled={disabled}
              onClick={() => onToggle(flag.key)}
              aria-keyshortcuts={keyLabel}
              className={`min-h-9 rounded-full border px-3 py-1 text-sm transition disabled:opacity-50 ${
                on ? "border-amber-500 bg-amber-100 font-semibold text-amber-900" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
              }`}
            >
              {on && (
                <span aria-hidden className="me-1">
                  ✓
                </span>
              )}
              <span dir="auto">{locale === "ar" ? flag.ar : flag.en}</span>
              <kbd className="ms-1.5 hidden rounded bg-slate-200 px-1 text-xs font-normal text-slate-700 sm:inline" aria-hidden>
                {keyLabel}
              </kbd>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
