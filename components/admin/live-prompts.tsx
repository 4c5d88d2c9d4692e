"use client";

import { useTranslations } from "next-intl";
import { setLivePromptCategoryAction } from "@/lib/actions/admin";
import { ErrorNote, inputClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

export type LivePromptItem = { id: string; text: string; language: "ar" | "en"; category: string };

// The latest prompts annotators wrote in this live campaign, each with its category (they arrive as "live").
export function LivePrompts({ prompts }: { prompts: LivePromptItem[] }) {
  const t = useTranslations("admin.campaigns.livePrompts");
  if (prompts.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="live-prompts">
      {prompts.map((p) => (
        <LivePromptRow key={`${p.id}-${p.category}`} prompt={p} />
      ))}
    </ul>
  );
}

function LivePromptRow({ prompt }: { prompt: LivePromptItem }) {
  const t = useTranslations("admin.campaigns.livePrompts");
  const save = useServerAction(setLivePromptCategoryAction, "admin.errors");
  return (
    <li className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center">
      <p className="min-w-0 flex-1 truncate text-sm text-slate-800" title={prompt.text}>
        <span className="me-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{prompt.language}</span>
        {/* Isolated with its own direction: on the paragraph, the Latin language badge decided it (outside eyes). */}
        <bdi dir="auto">{prompt.text}</bdi>
      </p>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.run({ promptId: prompt.id, category: String(new FormData(e.currentTarget).get("category") ?? "") });
        }}
      >
        <label className="sr-only" htmlFor={`category-${prompt.id}`}>
          {t("category")}
        </label>
        <input id={`category-${prompt.id}`} name="category" dir="auto" maxLength={100} defaultValue={prompt.category} className={`w-40 ${inputClass}`} />
        <button type="submit" disabled={!save.ready} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50">
          {save.pending ? t("saving") : t("save")}
        </button>
        <ErrorNote message={save.message} />
      </form>
    </li>
  );
}
