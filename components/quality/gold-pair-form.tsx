"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createGoldPairAction } from "@/lib/actions/gold";
import { Markdown } from "@/components/markdown";
import { ErrorNote, inputClass, primaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

type Model = { id: string; key: string; displayName: string };

// Two model choices among those that answered the prompt: which response is better, which worse.
export function GoldPairForm({
  promptId,
  models,
  responseTexts,
  existingPairs,
  afterSaveHref,
}: {
  promptId: string;
  models: Model[];
  responseTexts: Record<string, string>;
  existingPairs: string[];
  afterSaveHref: string;
}) {
  const t = useTranslations("quality.gold");
  const router = useRouter();
  const action = useServerAction(createGoldPairAction, "quality.errors");
  const [better, setBetter] = useState("");
  const [worse, setWorse] = useState("");
  const same = better !== "" && better === worse;
  const pairKey = [better, worse].sort().join(":");
  const exists = better !== "" && worse !== "" && existingPairs.includes(pairKey);

  const select = (id: string, label: string, value: string, onChange: (v: string) => void, testId: string) => (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">{label}</label>
      <select id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} required>
        <option value="">{t("chooseModel")}</option>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.displayName} ({m.key})
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form
      className="space-y-3"
      data-testid="gold-pair-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (same) return;
        action.run({ promptId, betterModelId: better, worseModelId: worse }, () => router.push(afterSaveHref));
      }}
    >
      <div className="flex flex-col gap-3 sm:flex-row">
        {select("gold-better", t("betterModel"), better, setBetter, "gold-better")}
        {select("gold-worse", t("worseModel"), worse, setWorse, "gold-worse")}
      </div>
      {(better || worse) && !same && (
        // The two answers side by side (stacked on phones), so the admin judges them before saving.
        <div className="grid gap-3 md:grid-cols-2" data-testid="gold-responses">
          {[
            { id: better, label: t("betterModel"), tone: "border-emerald-300 bg-emerald-50/40", testId: "gold-better-text" },
            { id: worse, label: t("worseModel"), tone: "border-red-200 bg-red-50/30", testId: "gold-worse-text" },
          ].map((side) => {
            const model = models.find((m) => m.id === side.id);
            return (
              <div key={side.testId} className={`min-w-0 rounded-lg border p-3 ${model ? side.tone : "border-dashed border-slate-300"}`} data-testid={side.testId}>
                <h4 className="text-xs font-semibold text-slate-600">
                  {side.label}
                  {model && (
                    <>
                      {" "}
                      <span dir="auto">{model.displayName}</span>
                    </>
                  )}
                </h4>
                {model ? (
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (axe scrollable-region-focusable).
                  <section tabIndex={0} aria-label={`${side.label} ${model.displayName}`} className="mt-2 max-h-80 overflow-y-auto rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
                    <Markdown text={responseTexts[model.id] ?? ""} className="text-sm" />
                  </section>
                ) : (
                  <p className="mt-2 text-sm text-slate-500">{t("chooseModel")}</p>
                )}
              </div>
            );
          })}
        </div>
      )}
      {same && <ErrorNote message={t("sameModel")} />}
      {exists && !same && <p className="text-sm text-amber-800">{t("alreadyGold")}</p>}
      <ErrorNote message={action.message} />
      <button type="submit" data-testid="gold-save" disabled={!action.ready || !better || !worse || same} className={primaryButtonClass}>
        {action.pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
