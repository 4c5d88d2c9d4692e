"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useHydrated } from "@/components/use-hydrated";

export function SignInForm({ callbackUrl, providers }: { callbackUrl: string; providers: string[] }) {
  const t = useTranslations("signIn");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until hydrated a click would post the bare HTML form: the page shows again, the typed email lost.
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(result?.status === 429 ? t("rateLimited") : t("failed"));
  }

  return (
    // method="post": a form sent before this script runs goes to the server as a POST (the page shows
    // again), never as a GET with the password in the address.
    <form method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("email")}</span>
        <input name="email" type="email" autoComplete="email" required dir="ltr" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("password")}</span>
        <input name="password" type="password" autoComplete="current-password" required dir="ltr" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !hydrated} className="w-full rounded-md bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("submitting") : t("submit")}
      </button>
      {providers.map((p) => (
        <button key={p} type="button" onClick={() => signIn(p.toLowerCase(), { callbackUrl })} className="w-full rounded-md border border-slate-300 px-4 py-2.5 font-medium text-slate-700 hover:bg-slate-50">
          {t("orProvider", { provider: p })}
        </button>
      ))}
    </form>
  );
}
