"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { changeUserRoleAction, setUserDisabledAction, setUserLanguagesAction } from "@/lib/actions/admin";
import type { UserRow } from "@/lib/server/users/list-users";
import { roles, type Role } from "@/lib/validation/auth";
import { Badge, Card, ErrorNote, dangerButtonClass, inputClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";
import { isolate } from "@/lib/i18n/format";

type UserList = { users: UserRow[]; total: number; page: number };

export function UsersTable({ list, q, currentUserId }: { list: UserList; q: string; currentUserId: string }) {
  const t = useTranslations("admin.users");
  return (
    <Card className="overflow-hidden">
      <div className="flex flex-col gap-3 border-b border-slate-200 px-4 py-3 sm:flex-row sm:items-end sm:justify-between">
        <h2 className="min-w-0 text-lg font-semibold [overflow-wrap:anywhere]" data-testid="users-count">
          {q ? t("matching", { count: list.total, q: isolate(q) }) : t("listTitle", { count: list.total })}
        </h2>
        {/* A plain GET form: the search lives in the URL and works before the page's script has loaded. */}
        <search className="w-full sm:w-auto sm:shrink-0">
          <form method="get" action="/admin/users" className="flex items-end justify-end gap-2">
            <label className="min-w-0 flex-1 sm:w-64 sm:flex-none">
              <span className="sr-only">{t("search")}</span>
              <input type="search" name="q" defaultValue={q} maxLength={200} placeholder={t("searchPlaceholder")} className={inputClass} dir="auto" />
            </label>
            <button type="submit" className={secondaryButtonClass}>
              {t("searchButton")}
            </button>
          </form>
        </search>
      </div>
      {list.users.length === 0 ? (
        <div className="px-4 py-8 text-center text-slate-500" data-testid="users-empty">
          <p className="[overflow-wrap:anywhere]">{q ? t("noMatch", { q: isolate(q) }) : t("noSuchPage", { page: list.page })}</p>
          <Link href="/admin/users" className="mt-2 inline-block font-medium text-brand-700 underline">
            {t("clearSearch")}
          </Link>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200" data-testid="users-list">
          {list.users.map((u) => (
            <UserItem key={u.id} user={u} isSelf={u.id === currentUserId} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function UserItem({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const t = useTranslations("admin.users");
  const tRoles = useTranslations("nav.roles");
  const format = useFormatter();
  const role = useServerAction(changeUserRoleAction, "admin.errors");
  const languages = useServerAction(setUserLanguagesAction, "admin.errors");
  const disabled = useServerAction(setUserDisabledAction, "admin.errors");
  const message = role.message ?? (languages.fieldErrors.languages ? t("invalid.languages") : languages.message) ?? disabled.message;

  function toggleLanguage(language: "ar" | "en", on: boolean) {
    const next = on ? [...new Set([...user.languages, language])] : user.languages.filter((l) => l !== language);
    languages.run({ userId: user.id, languages: next });
  }

  return (
    <li className={`px-4 py-4 ${user.disabled ? "bg-slate-50" : ""}`} data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2">
            <span dir="ltr" className="truncate font-medium text-slate-900">{user.email}</span>
            {isSelf && <Badge tone="blue">{t("you")}</Badge>}
            {user.disabled ? <Badge tone="red">{t("disabled")}</Badge> : <Badge tone="green">{t("active")}</Badge>}
            {!user.hasPassword && <Badge tone="slate">{t("oauthOnly")}</Badge>}
          </p>
          <p className="mt-0.5 text-sm text-slate-500">
            {user.name && (
              <>
                <bdi>{user.name}</bdi> ·{" "}
              </>
            )}
            {t("votesCount", { count: user.votes })} · {t("joined", { date: format.dateTime(new Date(user.createdAt), { dateStyle: "medium" }) })}
          </p>
        </div>
        {user.disabled ? (
          <button type="button" className={secondaryButtonClass} disabled={!disabled.ready} onClick={() => disabled.run({ userId: user.id, disabled: false })}>
            {t("enable")}
          </button>
        ) : (
          <button
            type="button"
            className={dangerButtonClass}
            disabled={!disabled.ready || isSelf}
            title={isSelf ? t("cannotDisableSelf") : undefined}
            onClick={() => {
              if (window.confirm(t("confirmDisable", { email: user.email }))) disabled.run({ userId: user.id, disabled: true });
            }}
          >
            {t("disable")}
          </button>
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-x-6 gap-y-3">
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-600">{t("role")}</span>
          <select
            value={user.role}
            disabled={!role.ready}
            aria-label={t("roleFor", { email: user.email })}
            onChange={(e) => role.run({ userId: user.id, role: e.target.value as Role })}
            className={`${inputClass} w-auto py-1`}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {tRoles(r)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-3 text-sm" disabled={!languages.ready}>
          <legend className="sr-only">{t("languagesFor", { email: user.email })}</legend>
          <span aria-hidden className="text-slate-600">{t("languages")}</span>
          {(["ar", "en"] as const).map((l) => (
            <label key={l} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={user.languages.includes(l)}
                onChange={(e) => toggleLanguage(l, e.target.checked)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {t(`language.${l}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {message && (
        <div className="mt-3">
          <ErrorNote message={message} />
        </div>
      )}
    </li>
  );
}
