"use client";

import { useTranslations } from "next-intl";
import { setAnnotatorExcludedAction } from "@/lib/actions/annotators";
import { dangerButtonClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

// One click excludes an annotator from rankings (or includes them again); the row's badge shows the state.
export function ExcludeToggle({ userId, email, excluded }: { userId: string; email: string; excluded: boolean }) {
  const t = useTranslations("quality.annotators");
  const action = useServerAction(setAnnotatorExcludedAction, "quality.errors");
  return (
    <div className="flex flex-col items-start gap-1 lg:items-end">
      <button
        type="button"
        aria-label={excluded ? t("includeLabel", { email }) : t("excludeLabel", { email })}
        data-testid="exclude-toggle"
        data-excluded={excluded}
        disabled={!action.ready}
        onClick={() => action.run({ userId, excluded: !excluded })}
        className={`${excluded ? secondaryButtonClass : dangerButtonClass} min-w-24`}
      >
        {excluded ? t("include") : t("exclude")}
      </button>
      {action.message && (
        <p role="alert" className="text-xs text-red-700">
          {action.message}
        </p>
      )}
    </div>
  );
}
