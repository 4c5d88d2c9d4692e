"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { renameModelAction, setModelStatusAction } from "@/lib/actions/admin";
import type { ModelRow } from "@/lib/server/admin/list-models";
import { formatNumber } from "@/lib/i18n/format";
import { modelStatuses, type ModelStatus } from "@/lib/validation/admin";
import { Badge, Card, ErrorNote, inputClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

const statusTone = { active: "green", hidden: "amber", retired: "slate" } as const;

export function ModelsTable({ models }: { models: ModelRow[] }) {
  const t = useTranslations("admin.models");
  return (
    <Card className="overflow-hidden">
      <ul className="divide-y divide-slate-200">
        {models.map((m) => (
          <ModelItem key={m.id} model={m} />
        ))}
      </ul>
      <p className="border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600">{t("statusHelp")}</p>
    </Card>
  );
}

function ModelItem({ model }: { model: ModelRow }) {
  const t = useTranslations("admin.models");
  const locale = useLocale();
  const [name, setName] = useState(model.displayName);
  const rename = useServerAction(renameModelAction, "admin.errors");
  const status = useServerAction(setModelStatusAction, "admin.errors");
  const changed = name.trim() !== model.displayName;

  return (
    <li className="grid gap-4 px-4 py-4 lg:grid-cols-[minmax(0,1.4fr)_auto_minmax(0,1fr)] lg:items-center" data-testid={`model-${model.key}`}>
      <form
        className="flex flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          rename.run({ modelId: model.id, displayName: name });
        }}
      >
        <label className="text-xs font-medium text-slate-500" htmlFor={`name-${model.id}`}>
          {t("displayName")} · <span dir="ltr" className="font-mono">{model.key}</span>
        </label>
        <div className="flex gap-2">
          <input id={`name-${model.id}`} name="displayName" dir="auto" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className={inputClass} />
          <button type="submit" disabled={!changed || !rename.ready} className={`${secondaryButtonClass} shrink-0 whitespace-nowrap`}>
            {rename.pending ? t("saving") : t("rename")}
          </button>
        </div>
        <ErrorNote message={rename.fieldErrors.displayName ? t("displayNameInvalid") : rename.message} />
      </form>

      <dl className="flex gap-6 text-sm">
        <div>
          <dt className="text-xs text-slate-500">{t("responses")}</dt>
          <dd className="font-semibold tabular-nums">{formatNumber(locale, model.responses)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("votes")}</dt>
          <dd className="font-semibold tabular-nums">{formatNumber(locale, model.votes)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("status")}</dt>
          <dd>
            <Badge tone={statusTone[model.status]}>{t(`statuses.${model.status}`)}</Badge>
          </dd>
        </div>
      </dl>

      <div className="flex flex-col gap-1 lg:items-end">
        {/* biome-ignore lint/a11y/useSemanticElements: a segmented set of toggle buttons, not a form section with a legend. */}
        <div role="group" aria-label={t("setStatus")} className="inline-flex w-fit overflow-hidden rounded-md border border-slate-300">
          {modelStatuses.map((s: ModelStatus) => (
            <button
              key={s}
              type="button"
              aria-pressed={model.status === s}
              disabled={!status.ready || model.status === s}
              onClick={() => status.run({ modelId: model.id, status: s })}
              className={`border-e border-slate-300 px-3 py-1.5 text-sm font-medium last:border-e-0 ${
                model.status === s ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-50"
              }`}
            >
              {t(`setTo.${s}`)}
            </button>
          ))}
        </div>
        <ErrorNote message={status.message} />
      </div>
    </li>
  );
}
