"use client";

import { useTranslations } from "next-intl";
import { setCampaignActiveAction } from "@/lib/actions/admin";
import { ErrorNote } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

// A switch: on = live for annotators.
export function CampaignActiveToggle({ campaignId, active, name }: { campaignId: string; active: boolean; name: string }) {
  const t = useTranslations("admin.campaigns");
  const toggle = useServerAction(setCampaignActiveAction, "admin.errors");
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={active}
        aria-label={t("liveFor", { name })}
        disabled={!toggle.ready}
        onClick={() => toggle.run({ campaignId, active: !active })}
        className="group inline-flex items-center gap-2 text-sm font-medium text-slate-700 disabled:opacity-60"
      >
        <span className={`relative inline-flex h-6 w-11 shrink-0 rounded-full transition-colors ${active ? "bg-emerald-500" : "bg-slate-300"}`}>
          <span
            className={`absolute top-0.5 h-5 w-5 rounded-full bg-white shadow transition-all ${active ? "start-[1.375rem]" : "start-0.5"}`}
          />
        </span>
        {active ? t("live") : t("off")}
      </button>
      <ErrorNote message={toggle.message} />
    </div>
  );
}
