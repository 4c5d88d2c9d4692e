"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/markdown";
import type { BattleView } from "@/lib/server/battles/battle-view";
import type { AnnotatorProgress as Progress } from "@/lib/server/quality/get-annotator-progress";
import type { VoteReceipt } from "@/lib/server/votes/record-vote";
import type { WinnerChoice } from "@/lib/validation/vote";
import { AnnotatorProgress } from "./annotator-progress";
import { postJson } from "./post-json";

type Phase = "voting" | "sending" | "revealed" | "loading" | "error";

const voteKeys: Record<string, WinnerChoice> = { "1": "model_a", "2": "model_b", "3": "tie", "4": "tie_bothbad" };

export function BattleArena({ initialBattle, initialProgress = null }: { initialBattle: BattleView | null; initialProgress?: Progress | null }) {
  const t = useTranslations("battle");
  const locale = useLocale();
  const [battle, setBattle] = useState<BattleView | null>(initialBattle);
  const [phase, setPhase] = useState<Phase>("voting");
  const [receipt, setReceipt] = useState<VoteReceipt | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  // The battle id of the last recorded vote: the progress view refetches when it changes.
  const [lastVotedBattle, setLastVotedBattle] = useState<string | null>(null);
  const shownAt = useRef<number>(0);
  const busy = useRef(false);
  // Set once hydrated, when the keyboard shortcuts are live (tests wait for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  useEffect(() => {
    shownAt.current = performance.now();
  }, [battle?.id]);

  const loadNext = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setPhase("loading");
    const result = await postJson<{ battle: BattleView | null }>("/api/battles/next", {});
    busy.current = false;
    if (!result.ok) {
      setError(result.message);
      setPhase("error");
      return;
    }
    setBattle(result.data.battle);
    setReceipt(null);
    setReason("");
    setError(null);
    setPhase("voting");
    window.scrollTo({ top: 0 });
  }, []);

  const vote = useCallback(
    async (winner: WinnerChoice) => {
      if (!battle || busy.current || phase !== "voting") return;
      busy.current = true;
      setPhase("sending");
      const result = await postJson<{ vote: VoteReceipt }>("/api/votes", {
        battleId: battle.id,
        winner,
        reason: reason.trim() || undefined,
        timeTakenMs: Math.round(performance.now() - shownAt.current),
      });
      busy.current = false;
      if (!result.ok) {
        setError(result.message);
        setPhase("error");
        return;
      }
      setReceipt(result.data.vote);
      setLastVotedBattle(result.data.vote.battleId);
      setPhase("revealed");
    },
    [battle, phase, reason],
  );

  const skip = useCallback(async () => {
    if (!battle || busy.current || phase !== "voting") return;
    busy.current = true;
    const result = await postJson<{ ok: true }>(`/api/battles/${battle.id}/skip`, {});
    busy.current = false;
    if (!result.ok) {
      setError(result.message);
      setPhase("error");
      return;
    }
    await loadNext();
  }, [battle, phase, loadNext]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable)) return;
      // Arrow keys follow what the eye sees: in a right-to-left page, A sits on the right.
      const rtl = document.documentElement.dir === "rtl";
      const arrows: Record<string, WinnerChoice> = rtl ? { ArrowRight: "model_a", ArrowLeft: "model_b" } : { ArrowLeft: "model_a", ArrowRight: "model_b" };
      const choice = voteKeys[event.key] ?? arrows[event.key];
      if (choice && phase === "voting") {
        event.preventDefault();
        void vote(choice);
      } else if (event.key.toLowerCase() === "n" && (phase === "revealed" || phase === "error")) {
        event.preventDefault();
        void loadNext();
      } else if (event.key.toLowerCase() === "s" && phase === "voting") {
        event.preventDefault();
        void skip();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [phase, vote, loadNext, skip]);

  const progress = <AnnotatorProgress initial={initialProgress} refreshKey={lastVotedBattle} />;

  if (!battle) {
    return (
      <div className="space-y-4">
        {progress}
        <section data-testid="battle-empty" data-ready={ready} className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
          <div aria-hidden className="mx-auto grid h-14 w-14 place-items-center rounded-full bg-emerald-100 text-2xl text-emerald-700">✓</div>
          <h1 className="mt-4 text-xl font-semibold">{t("emptyTitle")}</h1>
          <p className="mt-2 leading-7 text-slate-600">{t("emptyBody")}</p>
        </section>
      </div>
    );
  }

  const voted = receipt?.winner;
  const choices: { winner: WinnerChoice; label: string; key: string; tone: string }[] = [
    { winner: "model_a", label: t("voteA"), key: "1", tone: "bg-brand-600 text-white hover:bg-brand-700" },
    { winner: "model_b", label: t("voteB"), key: "2", tone: "bg-brand-600 text-white hover:bg-brand-700" },
    { winner: "tie", label: t("voteTie"), key: "3", tone: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50" },
    { winner: "tie_bothbad", label: t("voteBothBad"), key: "4", tone: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50" },
  ];
  const voteLabel = choices.find((c) => c.winner === voted)?.label ?? "";

  return (
    <div data-testid="battle" data-battle-id={battle.id} data-ready={ready} className="space-y-4 pb-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <div className="flex gap-2 text-xs text-slate-600">
          <span className="rounded-full bg-slate-200 px-2.5 py-1">{t(`languageLabel.${battle.prompt.language}`)}</span>
          <span className="rounded-full bg-slate-200 px-2.5 py-1" dir="auto">{t("category", { category: battle.prompt.category })}</span>
        </div>
      </div>

      {progress}

      <section aria-labelledby="prompt-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 id="prompt-heading" className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("prompt")}</h2>
        <Markdown text={battle.prompt.text} className="mt-2 text-slate-900" />
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        {([
          ["a", t("responseA"), battle.responseA, receipt?.modelA, "model_a"],
          ["b", t("responseB"), battle.responseB, receipt?.modelB, "model_b"],
        ] as const).map(([side, title, text, model, winner]) => (
          <section
            key={side}
            data-testid={`response-${side}`}
            className={`flex min-w-0 flex-col rounded-xl border bg-white shadow-sm ${voted === winner ? "border-emerald-400 ring-2 ring-emerald-200" : "border-slate-200"}`}
          >
            <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
              <h2 className="font-semibold text-slate-800">{title}</h2>
              {model && (
                <span data-testid={`reveal-${side}`} className="rounded-full bg-emerald-50 px-2.5 py-0.5 text-sm font-medium text-emerald-800" dir="auto">
                  {model}
                </span>
              )}
            </header>
            <Markdown text={text} className="p-4 text-slate-800" />
          </section>
        ))}
      </div>

      <div className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-xl sm:border sm:shadow-sm">
        {phase === "revealed" && receipt ? (
          <div data-testid="reveal" className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="font-semibold text-emerald-700">{t("revealed")}</p>
              <p className="text-sm text-slate-600">
                {t("modelA", { model: receipt.modelA })} · {t("modelB", { model: receipt.modelB })} · {t("yourVote", { vote: voteLabel })}
              </p>
            </div>
            <button type="button" onClick={() => void loadNext()} className="rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700" autoFocus>
              {t("next")} <kbd className="ms-1 rounded bg-white/20 px-1.5 text-xs">n</kbd>
            </button>
          </div>
        ) : phase === "error" ? (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-red-700">{t("error", { message: error ?? "" })}</p>
            <button type="button" onClick={() => void loadNext()} className="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">
              {t("retry")}
            </button>
          </div>
        ) : (
          <div className="space-y-3">
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {choices.map((c) => (
                <button
                  key={c.winner}
                  type="button"
                  data-testid={`vote-${c.winner}`}
                  disabled={phase !== "voting"}
                  onClick={() => void vote(c.winner)}
                  className={`rounded-lg px-3 py-2.5 font-semibold shadow-sm transition disabled:opacity-50 ${c.tone}`}
                >
                  {c.label} <kbd className="ms-1 rounded bg-black/10 px-1.5 text-xs font-normal">{c.key}</kbd>
                </button>
              ))}
            </div>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <label className="sr-only" htmlFor="vote-reason">{t("reason")}</label>
              <input
                id="vote-reason"
                dir="auto"
                value={reason}
                maxLength={1000}
                onChange={(e) => setReason(e.target.value)}
                placeholder={t("reasonPlaceholder")}
                className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
              />
              <button type="button" data-testid="skip" disabled={phase !== "voting"} onClick={() => void skip()} className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100">
                {t("skip")} <kbd className="ms-1 rounded bg-slate-200 px-1.5 text-xs">s</kbd>
              </button>
            </div>
            <p className="hidden text-xs text-slate-500 sm:block" lang={locale}>
              {phase === "sending" ? t("sending") : phase === "loading" ? t("loading") : t("keyboardHint")}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
