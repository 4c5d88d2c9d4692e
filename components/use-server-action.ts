"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/lib/server/auth/action";
import { useHydrated } from "./use-hydrated";

// Runs a server action, keeps its error (translated by code from the area's `errors` messages when
// we know the code) and refreshes the page's server data after a success.
export function useServerAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, errorMessages: "admin.errors" | "quality.errors") {
  const router = useRouter();
  const t = useTranslations(errorMessages);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const hydrated = useHydrated();

  function run(input: I, onSuccess?: (data: T) => void) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action(input);
        if (result.ok) {
          onSuccess?.(result.data);
          router.refresh();
        } else {
          setError(result.error);
        }
      } catch {
        setError({ code: "unavailable", message: "" });
      }
    });
  }

  const message = error ? (t.has(error.code) ? t(error.code) : error.message) : null;
  // `ready`: hydrated and idle, so a button that runs the action may be pressed (see useHydrated).
  return { run, pending, ready: hydrated && !pending, error, message, fieldErrors: error?.fieldErrors ?? {} };
}
