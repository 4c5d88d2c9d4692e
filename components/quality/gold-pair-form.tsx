"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createGoldPairAction } from "@/app/(admin)/admin/gold/actions";
import { ErrorNote, inputClass, primaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

type Model = { id: string; key: string; displayName: string };

// Two model choices among those that answered the prompt: which response is better, which worse.
export function GoldPairForm({ promptId, models, existingPairs, afterSaveHref }: { promptId: string; models: Model[]; existingPairs: string[]; afterSaveHref: string }) {
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
      {same && <ErrorNote message={t("sameModel")} />}
      {exists && !same && <p className="text-sm text-amber-800">{t("alreadyGold")}</p>}
      <ErrorNote message={action.message} />
      <button type="submit" data-testid="gold-save" disabled={!action.ready || !better || !worse || same} className={primaryButtonClass}>
        {action.pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
