"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { startGenerationAction } from "@/lib/actions/generation";
import { Card, ErrorNote, inputClass, primaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

type Choices = { sets: { id: string; name: string; prompts: number }[]; models: { id: string; key: string; displayName: string }[] };

export function StartJobForm({ choices }: { choices: Choices }) {
  const t = useTranslations("generation.jobs");
  const router = useRouter();
  const start = useServerAction(startGenerationAction, "admin.errors");
  const [models, setModels] = useState<string[]>([]);
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">{t("startTitle")}</h2>
      {choices.models.length === 0 ? (
        <p className="text-sm text-slate-600">
          {t("noModels")}{" "}
          <Link href="/admin/endpoints" className="font-medium text-brand-700 underline">
            {t("addEndpoint")}
          </Link>
        </p>
      ) : (
        <form
          data-testid="start-job-form"
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const f = new FormData(event.currentTarget);
            start.run({ promptSetId: String(f.get("promptSetId")), modelIds: models, onlyMissing: f.get("onlyMissing") === "on" }, (job) => router.push(`/admin/generation/${job.id}`));
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t("promptSet")}</span>
            <select name="promptSetId" required className={inputClass}>
              {choices.sets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({t("promptsCount", { count: s.prompts })})
                </option>
              ))}
            </select>
          </label>
          <fieldset className="text-sm">
            <legend className="mb-1 font-medium">{t("models")}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {choices.models.map((m) => (
                <label key={m.id} className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={models.includes(m.id)}
                    onChange={(ev) => setModels((list) => (ev.target.checked ? [...list, m.id] : list.filter((id) => id !== m.id)))}
                  />
                  <span dir="auto">{m.displayName}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" name="onlyMissing" defaultChecked />
            {t("onlyMissing")}
          </label>
          <div>
            <button type="submit" disabled={!start.ready || models.length === 0 || choices.sets.length === 0} className={primaryButtonClass}>
              {start.pending ? t("starting") : t("start")}
            </button>
          </div>
          <ErrorNote message={start.message} />
        </form>
      )}
    </Card>
  );
}
