import { describe, expect, it } from "vitest";
import { messages } from "@/lib/i18n/messages";
import { auditActions } from "@/lib/validation/admin";

// The audit page labels every action in both languages; an action added to the list without a
// label would show a raw key (and log a missing-message error).
describe("audit action labels", () => {
  it.each(["en", "ar"] as const)("every audit action has a %s label", (locale) => {
    const labels = ((messages[locale].admin as Record<string, unknown>).audit as { actions: Record<string, Record<string, string>> }).actions;
    const missing = auditActions.filter((action) => {
      const [group, name] = action.split(".");
      return typeof labels[group!]?.[name!] !== "string";
    });
    expect(missing).toEqual([]);
  });
});
