"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server-rendered HTML and until React has hydrated it, true after. Buttons that submit
 * through a client handler stay disabled until then: a click before hydration would otherwise submit
 * the bare HTML form (a reload that loses what was typed), as a slow phone or a loaded machine shows.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
