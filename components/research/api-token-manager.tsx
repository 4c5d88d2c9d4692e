"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { createApiTokenAction, revokeApiTokenAction } from "@/lib/actions/api-tokens";
import { DataTable, DataTableBody, DataTableHead, ErrorNote, Td, Th, dangerButtonClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";
import { isolate } from "@/lib/i18n/format";

type TokenRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; createdBy: string };

export function ApiTokenManager({ tokens }: { tokens: TokenRow[] }) {
  const t = useTranslations("research.exports");
  // As the other admin forms: errors are translated here by code and field, never the server's English text.
  const create = useServerAction(createApiTokenAction, "admin.errors");
  const revoke = useServerAction(revokeApiTokenAction, "admin.errors");
  const [issued, setIssued] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const confirmDialog = useRef<HTMLDialogElement>(null);
  // Where focus goes once a token is revoked: its Revoke button, which had it, is replaced by "Revoked".
  const tokensTable = useRef<HTMLElement>(null);
  const date = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") : t("never"));
  const createError = create.fieldErrors.name ? t("invalid.name") : create.message;

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
          // The previous token's box goes at once: beside a refusal it read as this attempt's token.
          setIssued(null);
          create.run({ name }, (created) => {
            setIssued(created.token);
            form.reset();
          });
        }}
      >
        <label className="sr-only" htmlFor="token-name">{t("tokenName")}</label>
        <input
          id="token-name"
          name="name"
          dir="auto"
          placeholder={t("tokenNamePlaceholder")}
          maxLength={100}
          aria-invalid={create.fieldErrors.name ? true : undefined}
          aria-describedby={createError ? "token-name-error" : undefined}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <button type="submit" disabled={!create.ready} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {t("create")}
        </button>
      </form>
      {createError && (
        <p id="token-name-error" role="alert" className="text-sm text-red-700" data-testid="token-error">
          {createError}
        </p>
      )}
      {issued && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="issued-token">
          <p className="font-medium text-emerald-800">{t("tokenCreated")}</p>
          <code className="mt-1 block break-all font-mono" dir="ltr">{issued}</code>
        </div>
      )}
      <ErrorNote message={revoke.message} />
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noTokens")}</p>
      ) : (
        // table-fixed: a name is free text of up to 100 characters, possibly without a space, and must wrap
        // inside its cell instead of widening the table (in an auto-layout table a long word sets the column's
        // width). The name column takes what the others leave; on phones the dates move under the name, so the
        // table fits a 390 px screen without scrolling.
        <section ref={tokensTable} tabIndex={-1} aria-label={t("tokensTable")} className="rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
          <DataTable className="table-fixed" data-testid="api-tokens">
            <DataTableHead>
              <Th>{t("tokenName")}</Th>
              <Th className="w-[30%] sm:w-[22%]">{t("by")}</Th>
              <Th className="hidden w-36 sm:table-cell">{t("created")}</Th>
              <Th className="hidden w-36 sm:table-cell">{t("lastUsed")}</Th>
              <Th className="w-24" />
            </DataTableHead>
            <DataTableBody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <Td className="[overflow-wrap:anywhere]" data-testid="token-name-cell">
                    <span className="font-medium" dir="auto">{token.name}</span>
                    <span className="mt-0.5 block text-xs text-slate-500 sm:hidden">
                      {t("created")} <span dir="ltr">{date(token.createdAt)}</span> · {t("lastUsed")} <span dir="ltr">{date(token.lastUsedAt)}</span>
                    </span>
                  </Td>
                  <Td ltr className="[overflow-wrap:anywhere]">{token.createdBy}</Td>
                  <Td ltr className="hidden whitespace-nowrap sm:table-cell">{date(token.createdAt)}</Td>
                  <Td ltr className="hidden whitespace-nowrap sm:table-cell">{date(token.lastUsedAt)}</Td>
                  <Td align="end">
                    {token.revokedAt ? (
                      <span className="text-slate-500">{t("revoked")}</span>
                    ) : (
                      <button
                        type="button"
                        aria-haspopup="dialog"
                        aria-label={t("revokeLabel", { name: token.name })}
                        disabled={!revoke.ready}
                        onClick={() => {
                          setRevoking(token);
                          confirmDialog.current?.showModal();
                        }}
                        className="rounded px-2 py-1 text-red-700 hover:bg-red-50"
                      >
                        {t("revoke")}
                      </button>
                    )}
                  </Td>
                </tr>
              ))}
            </DataTableBody>
          </DataTable>
        </section>
      )}
      {/* A native modal dialog, as the battle page's guidelines: focus moves in and back, Escape cancels, the
          page behind is inert; showModal focuses the first button, "Keep the token", so Enter does not revoke.
          Revoking is immediate and final for every script using the token, so it is
          confirmed; the action itself is still authorised on the server. */}
      <dialog
        ref={confirmDialog}
        data-testid="revoke-dialog"
        aria-labelledby="revoke-dialog-title"
        aria-describedby="revoke-dialog-body"
        onClose={() => setRevoking(null)}
        className="m-auto w-[calc(100%-1.5rem)] max-w-md rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-4">
          <h2 id="revoke-dialog-title" className="text-base font-semibold [overflow-wrap:anywhere]">
            {t("revokeTitle", { name: isolate(revoking?.name ?? "") })}
          </h2>
          <p id="revoke-dialog-body" className="text-sm text-slate-600">{t("revokeBody")}</p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" onClick={() => confirmDialog.current?.close()} className={secondaryButtonClass}>
              {t("revokeCancel")}
            </button>
            <button
              type="button"
              disabled={!revoke.ready}
              onClick={() => {
                if (revoking) revoke.run({ tokenId: revoking.id }, () => tokensTable.current?.focus());
                confirmDialog.current?.close();
              }}
              className={dangerButtonClass}
            >
              {t("revokeConfirm")}
            </button>
          </div>
        </div>
      </dialog>
    </div>
  );
}
