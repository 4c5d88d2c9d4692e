import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/server/auth/session";

export default async function HomePage() {
  const t = await getTranslations("home");
  const user = await getCurrentUser().catch(() => null);
  const canResearch = user?.role === "researcher" || user?.role === "admin";
  return (
    <section className="mx-auto max-w-3xl py-10 text-center sm:py-16">
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t("title")}</h1>
      <p className="mx-auto mt-4 max-w-2xl text-lg leading-8 text-slate-600">{t("lead")}</p>
      <ol className="mx-auto mt-10 grid max-w-2xl gap-4 text-start sm:grid-cols-3">
        {(["step1", "step2", "step3"] as const).map((step, i) => (
          <li key={step} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <span className="grid h-7 w-7 place-items-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700">{i + 1}</span>
            <p className="mt-2 font-medium">{t(step)}</p>
          </li>
        ))}
      </ol>
      <div className="mt-10 flex flex-wrap justify-center gap-3">
        <Link href="/battle" className="rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-brand-700">
          {t("start")}
        </Link>
        {canResearch && (
          <Link href="/leaderboard" className="rounded-lg border border-slate-300 bg-white px-5 py-2.5 font-semibold text-slate-700 hover:bg-slate-50">
            {t("research")}
          </Link>
        )}
      </div>
    </section>
  );
}
