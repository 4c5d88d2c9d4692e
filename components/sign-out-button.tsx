"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/" })} className="rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
      {label}
    </button>
  );
}
