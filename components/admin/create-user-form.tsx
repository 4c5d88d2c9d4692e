"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createUserAction } from "@/lib/actions/admin";
import { roles } from "@/lib/validation/auth";
import { Card, ErrorNote, inputClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

type Created = { email: string; password: string; generated: boolean };

// Creates an account and shows its password once. There is no mail server: "inviting" someone
// means handing them this password yourself.
export function CreateUserForm() {
  const t = useTranslations("admin.users");
  const tRoles = useTranslations("nav.roles");
  const create = useServerAction(createUserAction, "admin.errors");
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const fieldError = (field: string) => (create.fieldErrors[field] ? t(`invalid.${field}`) : null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.run(
      {
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? ""),
        role: String(data.get("role") ?? "annotator"),
        languages: data.getAll("languages").map(String),
        password: String(data.get("password") ?? ""),
      },
      (user) => {
        setCreated(user);
        setCopied(false);
        form.reset();
      },
    );
  }

  return (
    <Card className="p-5">
      <h2 className="text-lg font-semibold">{t("createTitle")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("inviteNote")}</p>

      {created && (
        <div role="status" data-testid="created-user" className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">{t("createdTitle", { email: created.email })}</p>
          <p className="mt-1 text-emerald-800">{t("passwordOnce")}</p>
          <div className="mt-3 flex items-center gap-2">
            <code dir="ltr" data-testid="one-time-password" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 font-mono text-slate-900 ring-1 ring-emerald-200">
              {created.password}
            </code>
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={async () => {
                await navigator.clipboard?.writeText(created.password).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? t("copied") : t("copy")}
            </button>
          </div>
          <button type="button" onClick={() => setCreated(null)} className="mt-3 text-emerald-900 underline">
            {t("done")}
          </button>
        </div>
      )}

      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4" data-testid="create-user-form">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("email")}</span>
          <input name="email" type="email" required dir="ltr" autoComplete="off" className={`mt-1 ${inputClass}`} />
          <FieldError message={fieldError("email")} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">
            {t("name")} <span className="font-normal text-slate-500">({t("optional")})</span>
          </span>
          <input name="name" dir="auto" maxLength={100} autoComplete="off" className={`mt-1 ${inputClass}`} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("role")}</span>
          <select name="role" defaultValue="annotator" className={`mt-1 ${inputClass}`}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {tRoles(r)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("languages")}</legend>
          <div className="mt-1 flex gap-4">
            {(["ar", "en"] as const).map((l) => (
              <label key={l} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="languages" value={l} defaultChecked className="h-4 w-4 rounded border-slate-300" />
                {t(`language.${l}`)}
              </label>
            ))}
          </div>
          <FieldError message={fieldError("languages")} />
        </fieldset>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">
            {t("password")} <span className="font-normal text-slate-500">({t("optional")})</span>
          </span>
          <input name="password" type="text" dir="ltr" autoComplete="new-password" className={`mt-1 ${inputClass}`} />
          <span className="mt-1 block text-xs text-slate-500">{t("passwordHint")}</span>
          <FieldError message={fieldError("password")} />
        </label>
        {!Object.keys(create.fieldErrors).length && <ErrorNote message={create.message} />}
        <button type="submit" disabled={!create.ready} className={`w-full ${primaryButtonClass}`}>
          {create.pending ? t("creating") : t("create")}
        </button>
      </form>
    </Card>
  );
}

function FieldError({ message }: { message: string | null }) {
  return message ? <span className="mt-1 block text-sm text-red-700">{message}</span> : null;
}
