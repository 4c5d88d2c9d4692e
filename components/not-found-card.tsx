import Link from "next/link";

// The one "not found" card: the site-wide 404 and the admin area's (inside its navigation) differ only in
// their words and where "back" leads.
export function NotFoundCard({ testId, title, body, backHref, backLabel }: { testId: string; title: string; body: string; backHref: string; backLabel: string }) {
  return (
    <section data-testid={testId} className="mx-auto mt-10 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-5xl font-bold text-slate-500">404</p>
      <h1 className="mt-3 text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{body}</p>
      <Link href={backHref} className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        {backLabel}
      </Link>
    </section>
  );
}
