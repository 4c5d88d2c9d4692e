"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { createApiTokenAction, revokeApiTokenAction } from "@/lib/actions/api-tokens";
import { DataTable, DataTableBody, DataTableHead, Td, Th } from "@/components/ui";
import { useHydrated } from "@/components/use-hydrated";

type TokenRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; createdBy: string };

export function ApiTokenManager({ tokens }: { tokens: TokenRow[] }) {
  const t = useTranslations("research.exports");
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ready = useHydrated() && !pending;
  const date = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") : t("never"));

  return (
    <div className="space-y-3">
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(e) => {
          e.preventDefault();
          // Uncontrolled, as the other admin forms: a name typed before hydration is kept (a controlled input
          // was reset to "" by hydration, and the token was refused for want of a name).
          const form = e.currentTarget;
          const name = String(new FormData(form).get("name") ?? "");
          startTransition(async () => {
            const result = await createApiTokenAction({ name });
            if (result.ok) {
              setIssued(result.data.token);
              form.reset();
              setError(null);
            } else setError(result.error.fieldErrors?.name?.[0] ?? result.error.message);
          });
        }}
      >
        <label className="sr-only" htmlFor="token-name">{t("tokenName")}</label>
        <input id="token-name" name="name" placeholder={t("tokenNamePlaceholder")} maxLength={100} className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <button type="submit" disabled={!ready} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {t("create")}
        </button>
      </form>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {issued && (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="issued-token">
          <p className="font-medium text-emerald-800">{t("tokenCreated")}</p>
          <code className="mt-1 block break-all font-mono" dir="ltr">{issued}</code>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noTokens")}</p>
      ) : (
        <DataTable className="whitespace-nowrap">
          <DataTableHead>
            <Th>{t("tokenName")}</Th>
            <Th>{t("by")}</Th>
            <Th>{t("created")}</Th>
            <Th>{t("lastUsed")}</Th>
            <Th />
          </DataTableHead>
          <DataTableBody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <Td className="font-medium" dir="auto">{token.name}</Td>
                <Td ltr>{token.createdBy}</Td>
                <Td ltr>{date(token.createdAt)}</Td>
                <Td ltr>{date(token.lastUsedAt)}</Td>
                <Td align="end">
                  {token.revokedAt ? (
                    <span className="text-slate-500">{t("revoked")}</span>
                  ) : (
                    <button type="button" disabled={!ready} onClick={() => startTransition(async () => void (await revokeApiTokenAction({ tokenId: token.id })))} className="rounded px-2 py-1 text-red-700 hover:bg-red-50">
                      {t("revoke")}
                    </button>
                  )}
                </Td>
              </tr>
            ))}
          </DataTableBody>
        </DataTable>
      )}
    </div>
  );
}
