import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/sign-in-form";
import { oauthProviderNames } from "@/lib/server/auth/options";
import { getCurrentUser } from "@/lib/server/auth/session";
import { demoAccounts, demoPassword } from "@/lib/server/demo/demo-accounts";
import { embeddedDemo } from "@/lib/server/env";
import { safeCallbackPath } from "@/lib/validation/callback-url";

export async function generateMetadata() {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const t = await getTranslations("signIn");
  // Signed in without a page to return to (the form comes back here after signing in): each role lands
  // where its work is.
  if (callbackUrl === undefined) {
    const user = await getCurrentUser().catch(() => null);
    if (user) redirect(user.role === "annotator" ? "/battle" : user.role === "researcher" ? "/leaderboard" : "/admin");
  }
  // Only same-site paths are followed after sign-in.
  const safeCallback = callbackUrl === undefined ? "/signin" : safeCallbackPath(callbackUrl);
  // The shared demo password is shown only by the local embedded demo, never by a deployment.
  const showDemo = embeddedDemo();
  return (
    <section className="mx-auto mt-8 max-w-md">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <SignInForm callbackUrl={safeCallback} providers={oauthProviderNames()} />
      </div>
      {showDemo && (
        <div className="mt-4 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="demo-accounts">
          <p className="font-semibold">{t("demoTitle")}</p>
          <ul className="mt-1 space-y-0.5 font-mono" dir="ltr">
            {demoAccounts.map((a) => (
              <li key={a.email}>{a.email}</li>
            ))}
          </ul>
          <p className="mt-1">{t("demoHint", { password: demoPassword })}</p>
        </div>
      )}
    </section>
  );
}
