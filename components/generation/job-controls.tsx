"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { cancelGenerationAction, commitGenerationAction, retryGenerationAction } from "@/lib/actions/generation";
import { ErrorNote, dangerButtonClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

// Live progress: while the job runs the page's server data is refreshed every 2 s (polling).
export function JobPoller({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [running, router]);
  return null;
}

export function CancelJobButton({ jobId }: { jobId: string }) {
  const t = useTranslations("generation.jobs");
  const cancel = useServerAction(cancelGenerationAction, "admin.errors");
  return (
    <div className="flex flex-col gap-1">
      <button type="button" disabled={!cancel.ready} className={dangerButtonClass} onClick={() => cancel.run({ jobId })}>
        {cancel.pending ? t("cancelling") : t("cancel")}
      </button>
      <ErrorNote message={cancel.message} />
    </div>
  );
}

export function RetryButton({ jobId, itemId, label }: { jobId: string; itemId?: string; label: string }) {
  const retry = useServerAction(retryGenerationAction, "admin.errors");
  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" disabled={!retry.ready} className={secondaryButtonClass} onClick={() => retry.run(itemId ? { jobId, itemId } : { jobId })}>
        {label}
      </button>
      <ErrorNote message={retry.message} />
    </span>
  );
}

export function CommitForm({ jobId, flagged }: { jobId: string; flagged: number }) {
  const t = useTranslations("generation.jobs");
  const commit = useServerAction(commitGenerationAction, "admin.errors");
  const [dropFlagged, setDropFlagged] = useState(flagged > 0);
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        commit.run({ jobId, dropFlagged });
      }}
    >
      {flagged > 0 && (
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={dropFlagged} onChange={(e) => setDropFlagged(e.target.checked)} />
          {t("dropFlagged")}
        </label>
      )}
      <div>
        <button type="submit" disabled={!commit.ready} className={primaryButtonClass}>
          {commit.pending ? t("committing") : t("commit")}
        </button>
      </div>
      <ErrorNote message={commit.message} />
    </form>
  );
}
