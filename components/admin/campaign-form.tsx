"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createCampaignAction, updateCampaignAction } from "@/lib/actions/admin";
import { Badge, Card, ErrorNote, inputClass, primaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

export type CampaignChoices = {
  promptSets: { id: string; name: string; prompts: number }[];
  models: { id: string; key: string; displayName: string; hidden: boolean; retired: boolean }[];
};
export type CampaignValues = {
  id?: string;
  name: string;
  targetVotes: number;
  goldRate: number;
  overlapRate: number;
  live: boolean;
  liveTurnLimit: number;
  promptSetIds: string[];
  modelIds: string[];
};

// Create (no id) or edit (with id) a campaign. The server re-validates everything.
export function CampaignForm({ choices, initial }: { choices: CampaignChoices; initial: CampaignValues }) {
  const t = useTranslations("admin.campaigns");
  const tModels = useTranslations("admin.models");
  const router = useRouter();
  const create = useServerAction(createCampaignAction, "admin.errors");
  const update = useServerAction(updateCampaignAction, "admin.errors");
  const save = initial.id ? update : create;
  const [saved, setSaved] = useState(false);
  const fieldError = (field: string) => (save.fieldErrors[field] ? t(`invalid.${field}`) : null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const fields = {
      name: String(data.get("name") ?? ""),
      targetVotes: String(data.get("targetVotes") ?? ""),
      goldRate: String(data.get("goldRate") ?? ""),
      overlapRate: String(data.get("overlapRate") ?? ""),
      live: data.get("live") === "on",
      liveTurnLimit: String(data.get("liveTurnLimit") ?? ""),
      promptSetIds: data.getAll("promptSetIds").map(String),
      modelIds: data.getAll("modelIds").map(String),
    };
    setSaved(false);
    if (initial.id) update.run({ ...fields, campaignId: initial.id }, () => setSaved(true));
    else create.run(fields, (campaign) => router.push(`/admin/campaigns/${campaign.id}`));
  }

  return (
    <Card className="p-5">
      <form onSubmit={onSubmit} noValidate className="space-y-5" data-testid="campaign-form">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <label className="block sm:col-span-2 lg:col-span-1">
            <span className="text-sm font-medium text-slate-700">{t("name")}</span>
            <input name="name" dir="auto" required maxLength={120} defaultValue={initial.name} className={`mt-1 ${inputClass}`} />
            <FieldError message={fieldError("name")} />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">{t("targetVotes")}</span>
            <input name="targetVotes" type="number" min={1} step={1} dir="ltr" defaultValue={initial.targetVotes} className={`mt-1 ${inputClass}`} />
            <span className="mt-1 block text-xs text-slate-500">{t("targetHint")}</span>
            <FieldError message={fieldError("targetVotes")} />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">{t("goldRate")}</span>
            <input name="goldRate" type="number" min={0} max={1} step={0.01} dir="ltr" defaultValue={initial.goldRate} className={`mt-1 ${inputClass}`} />
            <span className="mt-1 block text-xs text-slate-500">{t("goldHint")}</span>
            <FieldError message={fieldError("goldRate")} />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">{t("overlapRate")}</span>
            <input name="overlapRate" type="number" min={0} max={1} step={0.01} dir="ltr" defaultValue={initial.overlapRate} className={`mt-1 ${inputClass}`} />
            <span className="mt-1 block text-xs text-slate-500">{t("overlapHint")}</span>
            <FieldError message={fieldError("overlapRate")} />
          </label>
        </div>

        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <label className="flex items-start gap-2 sm:col-span-2 lg:col-span-3">
            <input type="checkbox" name="live" defaultChecked={initial.live} className="mt-1 h-4 w-4 rounded border-slate-300" data-testid="campaign-live" />
            <span>
              <span className="text-sm font-medium text-slate-700">{t("liveCampaign")}</span>
              <span className="mt-1 block text-xs text-slate-500">{t("liveHint")}</span>
            </span>
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">{t("liveTurnLimit")}</span>
            <input name="liveTurnLimit" type="number" min={1} max={10} step={1} dir="ltr" defaultValue={initial.liveTurnLimit} className={`mt-1 ${inputClass}`} />
            <FieldError message={fieldError("liveTurnLimit")} />
          </label>
        </div>

        {/* min-w-0: a fieldset is as wide as its widest content by default, and a long name would widen the page. */}
        <div className="grid gap-5 md:grid-cols-2">
          <fieldset className="min-w-0">
            <legend className="text-sm font-medium text-slate-700">{t("promptSets")}</legend>
            {choices.promptSets.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">{t("noPromptSets")}</p>
            ) : (
              <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
                {choices.promptSets.map((s) => (
                  <li key={s.id}>
                    <label className="flex items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
                      <input type="checkbox" name="promptSetIds" value={s.id} defaultChecked={initial.promptSetIds.includes(s.id)} className="h-4 w-4 rounded border-slate-300" />
                      <span dir="auto" className="min-w-0 flex-1 truncate">{s.name}</span>
                      <span className="text-xs text-slate-500">{t("promptCount", { count: s.prompts })}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <FieldError message={fieldError("promptSetIds")} />
          </fieldset>
          <fieldset className="min-w-0">
            <legend className="text-sm font-medium text-slate-700">{t("models")}</legend>
            <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
              {choices.models.map((m) => (
                <li key={m.id}>
                  <label className="flex items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
                    <input type="checkbox" name="modelIds" value={m.id} defaultChecked={initial.modelIds.includes(m.id)} className="h-4 w-4 rounded border-slate-300" />
                    <span dir="auto" className="min-w-0 flex-1 truncate">{m.displayName}</span>
                    {(m.hidden || m.retired) && <Badge tone={m.retired ? "slate" : "amber"}>{tModels(`statuses.${m.retired ? "retired" : "hidden"}`)}</Badge>}
                  </label>
                </li>
              ))}
            </ul>
            <FieldError message={fieldError("modelIds")} />
          </fieldset>
        </div>

        {!Object.keys(save.fieldErrors).length && <ErrorNote message={save.message} />}
        <div className="flex items-center gap-3">
          <button type="submit" disabled={!save.ready} className={primaryButtonClass}>
            {save.pending ? t("saving") : initial.id ? t("saveChanges") : t("create")}
          </button>
          {saved && !save.pending && (
            <span role="status" className="text-sm font-medium text-emerald-700">
              {t("saved")}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

function FieldError({ message }: { message: string | null }) {
  return message ? <span className="mt-1 block text-sm text-red-700">{message}</span> : null;
}
