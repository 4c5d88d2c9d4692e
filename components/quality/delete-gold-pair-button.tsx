"use client";

import { useTranslations } from "next-intl";
import { deleteGoldPairAction } from "@/lib/actions/gold";
import { dangerButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

export function DeleteGoldPairButton({ goldPairId, promptLabel }: { goldPairId: string; promptLabel: string }) {
  const t = useTranslations("quality.gold");
  const action = useServerAction(deleteGoldPairAction, "quality.errors");
  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <button
        type="button"
        data-testid="gold-delete"
        aria-label={t("deleteLabel", { prompt: promptLabel })}
        disabled={!action.ready}
        onClick={() => {
          if (window.confirm(t("confirmDelete"))) action.run({ goldPairId });
        }}
        className={dangerButtonClass}
      >
        {t("delete")}
      </button>
      {action.message && <p role="alert" className="text-xs text-red-700">{action.message}</p>}
    </div>
  );
}
