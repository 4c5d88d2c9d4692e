"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { apiErrorText } from "@/components/api-error-text";
import { Markdown } from "@/components/markdown";
import type { BattleView } from "@/lib/server/battles/battle-view";
import type { AnnotatorProgress as Progress } from "@/lib/server/quality/get-annotator-progress";
import type { VoteReceipt } from "@/lib/server/votes/record-vote";
import type { WinnerChoice } from "@/lib/validation/vote";
import { AnnotatorProgress } from "./annotator-progress";
import { battleKeyAction } from "./battle-keys";
import { GuidelinesButton, GuidelinesGate } from "./guidelines";
import { ReasonFlagToggles } from "./reason-flags";
import { postJson, type ApiFailure } from "./post-json";

type Phase = "voting" | "sending" | "revealed" | "loading" | "error";
type Side = "a" | "b";

// What failed, so "Try again" repeats exactly that (a vote is re-sent with the same winner and reason;
// the server records a repeated vote once).
type FailedAction = { action: "vote"; winner: WinnerChoice } | { action: "skip" } | { action: "next" };
type Failure = ApiFailure & FailedAction;

// Codes after which repeating the same request cannot succeed: the way on is a new battle (or signing in).
const finalForThisBattle = new Set(["battle_expired", "battle_skipped", "battle_not_found", "already_voted", "forbidden"]);

// The typed reason survives a reload and a sign-in (an expired session), per battle, in this tab only.
const reasonKey = (battleId: string) => `arena.reason.${battleId}`;
function storeReason(battleId: string, reason: string) {
  try {
    if (reason) sessionStorage.setItem(reasonKey(battleId), reason);
    else sessionStorage.removeItem(reasonKey(battleId));
  } catch {
    // storage unavailable (private mode): the reason just isn't kept across reloads
  }
}
// The reason flags chosen per response, kept like the reason.
type ChosenFlags = { a: string[]; b: string[] };
const noFlags: ChosenFlags = { a: [], b: [] };
const flagsKey = (battleId: string) => `arena.flags.${battleId}`;
function storeFlags(battleId: string, flags: ChosenFlags) {
  try {
    if (flags.a.length + flags.b.length > 0) sessionStorage.setItem(flagsKey(battleId), JSON.stringify(flags));
    else sessionStorage.removeItem(flagsKey(battleId));
  } catch {
    // storage unavailable: the flags just aren't kept across reloads
  }
}
function storedFlags(battleId: string, offered: readonly string[]): ChosenFlags {
  try {
    const raw = JSON.parse(sessionStorage.getItem(flagsKey(battleId)) ?? "null") as ChosenFlags | null;
    const keep = (keys: unknown) => (Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string" && offered.includes(k)) : []);
    return raw ? { a: keep(raw.a), b: keep(raw.b) } : noFlags;
  } catch {
    return noFlags;
  }
}

function storedReason(battleId: string): string {
  try {
    return sessionStorage.getItem(reasonKey(battleId)) ?? "";
  } catch {
    return "";
  }
}

export function BattleArena({ initialBattle, initialProgress = null }: { initialBattle: BattleView | null; initialProgress?: Progress | null }) {
  const t = useTranslations("battle");
  const tRoot = useTranslations();
  const locale = useLocale();
  const [battle, setBattle] = useState<BattleView | null>(initialBattle);
  const [phase, setPhase] = useState<Phase>("voting");
  const [receipt, setReceipt] = useState<VoteReceipt | null>(null);
  const [reason, setReason] = useState("");
  const [flags, setFlags] = useState<ChosenFlags>(noFlags);
  // Campaigns whose guidelines this annotator acknowledged in this page (the server remembers it too).
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<Failure | null>(null);
  // Phones show one answer at a time; each keeps its own scroll position.
  const [tab, setTab] = useState<Side>("a");
  const tabScroll = useRef<Record<Side, number | null>>({ a: null, b: null });
  const pendingScroll = useRef<number | null>(null);
  const responsesTop = useRef<HTMLDivElement>(null);
  // The battle id of the last recorded vote: the progress view refetches when it changes.
  const [lastVotedBattle, setLastVotedBattle] = useState<string | null>(null);
  const shownAt = useRef<number>(0);
  const busy = useRef(false);
  // The next battle, carried by the vote's answer: shown on "Next" without another request.
  const upcoming = useRef<{ battle: BattleView | null } | null>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  // Set once hydrated, when the keyboard shortcuts are live (tests wait for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per new battle, keyed by its id only.
  useEffect(() => {
    shownAt.current = performance.now();
    tabScroll.current = { a: null, b: null };
    setTab("a");
    if (battle) {
      setReason(storedReason(battle.id));
      setFlags(storedFlags(battle.id, (battle.flags ?? []).map((f) => f.key)));
    }
  }, [battle?.id]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: restores the scroll after the tab change has rendered.
  useLayoutEffect(() => {
    if (pendingScroll.current === null) return;
    window.scrollTo({ top: pendingScroll.current });
    pendingScroll.current = null;
  }, [tab]);

  const showTab = useCallback(
    (side: Side) => {
      if (side === tab) return;
      tabScroll.current[tab] = window.scrollY;
      // A side not read yet opens at its top (the tabs), not at the other side's depth.
      const top = responsesTop.current ? responsesTop.current.getBoundingClientRect().top + window.scrollY - 8 : 0;
      pendingScroll.current = tabScroll.current[side] ?? Math.min(window.scrollY, top);
      setTab(side);
    },
    [tab],
  );

  const fail = useCallback((result: ApiFailure, what: FailedAction) => {
    setFailure({ status: result.status, code: result.code, details: result.details, ...what });
    setPhase("error");
  }, []);

  const loadNext = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    upcoming.current = null;
    setPhase("loading");
    const result = await postJson<{ battle: BattleView | null }>("/api/battles/next", {});
    busy.current = false;
    if (!result.ok) return fail(result, { action: "next" });
    setBattle(result.data.battle);
    setReceipt(null);
    setFailure(null);
    setPhase("voting");
    window.scrollTo({ top: 0 });
  }, [fail]);

  // After the reveal: the battle the vote's answer brought, or (if it brought none) a request for one.
  const showNext = useCallback(() => {
    const ready = upcoming.current;
    if (!ready || busy.current) return void loadNext();
    upcoming.current = null;
    setBattle(ready.battle);
    setReceipt(null);
    setFailure(null);
    setPhase("voting");
    window.scrollTo({ top: 0 });
  }, [loadNext]);

  const sendVote = useCallback(
    async (winner: WinnerChoice) => {
      if (!battle || busy.current) return;
      busy.current = true;
      setPhase("sending");
      // next: true — the answer carries the next battle too (one request per vote; a repeat of the
      // same vote answers the same receipt and the same next battle).
      const result = await postJson<{ vote: VoteReceipt; next?: { battle: BattleView | null } }>("/api/votes", {
        battleId: battle.id,
        winner,
        reason: reason.trim() || undefined,
        timeTakenMs: Math.round(performance.now() - shownAt.current),
        next: true,
        ...(flags.a.length + flags.b.length > 0 ? { flags } : {}),
      });
      busy.current = false;
      if (!result.ok) return fail(result, { action: "vote", winner });
      storeReason(battle.id, "");
      upcoming.current = result.data.next ?? null;
      storeFlags(battle.id, noFlags);
      setReceipt(result.data.vote);
      setLastVotedBattle(result.data.vote.battleId);
      setFailure(null);
      setPhase("revealed");
    },
    [battle, reason, flags, fail],
  );

  const toggleFlag = useCallback(
    (side: Side, key: string) => {
      if (!battle || phase !== "voting") return;
      setFlags((current) => {
        const next = { ...current, [side]: current[side].includes(key) ? current[side].filter((k) => k !== key) : [...current[side], key] };
        storeFlags(battle.id, next);
        return next;
      });
    },
    [battle, phase],
  );

  // The guidelines come first: before the first battle of a campaign (until acknowledged) the battle is
  // not shown and its keys do nothing.
  const guidelinesPending = !!battle?.campaign?.guidelines && !battle.campaign.guidelinesAcknowledged && !acknowledged.has(battle.campaign.id);

  const vote = useCallback(
    (winner: WinnerChoice) => {
      if (phase === "voting") void sendVote(winner);
    },
    [phase, sendVote],
  );

  const sendSkip = useCallback(async () => {
    if (!battle || busy.current) return;
    busy.current = true;
    setPhase("loading");
    const result = await postJson<{ ok: true }>(`/api/battles/${battle.id}/skip`, {});
    busy.current = false;
    if (!result.ok) return fail(result, { action: "skip" });
    storeReason(battle.id, "");
    await loadNext();
  }, [battle, loadNext, fail]);

  const skip = useCallback(() => {
    if (phase === "voting") void sendSkip();
  }, [phase, sendSkip]);

  const retry = useCallback(() => {
    if (!failure) return;
    if (failure.action === "vote") void sendVote(failure.winner);
    else if (failure.action === "skip") void sendSkip();
    else void loadNext();
  }, [failure, sendVote, sendSkip, loadNext]);

  // A layout effect: the listener for a phase is in place before that phase is painted. With useEffect a key
  // pressed as soon as the reveal showed could still reach the previous phase's listener and be dropped ("n"
  // after a vote did nothing on a loaded machine).
  useLayoutEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT" || target.isContentEditable)) return;
      // In a focused code block the arrow keys scroll it (outside eyes: they voted instead).
      const action = battleKeyAction(event, document.documentElement.dir === "rtl", { inCodeBlock: Boolean(target?.closest("pre")) });
      // Nothing while the guidelines are in front (the step, or the dialog opened on demand).
      if (!action || guidelinesPending || document.querySelector("dialog[open]")) return;
      if ("flag" in action) {
        const flag = battle?.flags?.[action.flag.index];
        if (flag && phase === "voting") {
          event.preventDefault();
          toggleFlag(action.flag.side, flag.key);
        }
      } else if ("vote" in action && phase === "voting") {
        event.preventDefault();
        vote(action.vote);
      } else if ("command" in action && action.command === "next" && phase === "revealed") {
        event.preventDefault();
        showNext();
      } else if ("command" in action && action.command === "next" && phase === "error") {
        event.preventDefault();
        void loadNext();
      } else if ("command" in action && action.command === "skip" && phase === "voting") {
        event.preventDefault();
        skip();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [phase, vote, loadNext, showNext, skip, battle, toggleFlag, guidelinesPending]);

  const progress = <AnnotatorProgress initial={initialProgress} refreshKey={lastVotedBattle} />;

  if (!battle) {
    return (
      <div className="space-y-4">
        {progress}
        <section data-testid="battle-empty" data-ready={ready} className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
          <div aria-hidden className="mx-auto grid h-14 w-14 place-items-center rounded-full bg-emerald-100 text-2xl text-emerald-700">✓</div>
          <h1 className="mt-4 text-xl font-semibold">{t("emptyTitle")}</h1>
          <p className="mt-2 leading-7 text-slate-600">{t("emptyBody")}</p>
          {phase === "error" && failure && (
            <p role="alert" className="mt-3 text-red-700">
              {apiErrorText(tRoot, failure)}
            </p>
          )}
        </section>
      </div>
    );
  }

  if (guidelinesPending && battle.campaign?.guidelines) {
    const campaign = { ...battle.campaign, guidelines: battle.campaign.guidelines };
    return (
      <div data-testid="battle-guidelines" data-ready={ready} className="space-y-4 pb-4">
        {progress}
        <GuidelinesGate
          campaign={campaign}
          onAcknowledged={() => {
            setAcknowledged((current) => new Set([...current, campaign.id]));
            // The reading time starts when the battle shows, not with the guidelines.
            shownAt.current = performance.now();
            window.scrollTo({ top: 0 });
          }}
        />
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
  const signInHref = `/signin?callbackUrl=${encodeURIComponent("/battle")}`;
  const status = phase === "sending" ? t("sending") : phase === "loading" ? t("loading") : null;

  return (
    <div data-testid="battle" data-battle-id={battle.id} data-ready={ready} data-phase={phase} className="space-y-4 pb-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          {battle.campaign?.guidelines && <GuidelinesButton campaign={{ name: battle.campaign.name, guidelines: battle.campaign.guidelines }} />}
          <span className="rounded-full bg-slate-200 px-2.5 py-1">{t(`languageLabel.${battle.prompt.language}`)}</span>
          <span className="rounded-full bg-slate-200 px-2.5 py-1" dir="auto">{t("category", { category: battle.prompt.category })}</span>
        </div>
      </div>

      {progress}

      <section aria-labelledby="prompt-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 id="prompt-heading" className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("prompt")}</h2>
        <Markdown text={battle.prompt.text} className="mt-2 text-slate-900" />
      </section>

      <div ref={responsesTop} role="tablist" aria-label={t("answers")} data-testid="response-tabs" className="sticky top-0 z-10 -mx-4 grid grid-cols-2 gap-1 bg-slate-50/95 px-4 py-1.5 backdrop-blur md:hidden">
        {(["a", "b"] as const).map((side) => (
          <button
            key={side}
            type="button"
            role="tab"
            id={`tab-${side}`}
            data-testid={`tab-${side}`}
            aria-selected={tab === side}
            aria-controls={`response-${side}`}
            onClick={() => showTab(side)}
            className={`rounded-lg px-3 py-2 text-sm font-semibold ${tab === side ? "bg-brand-600 text-white" : "border border-slate-300 bg-white text-slate-700"}`}
          >
            {side === "a" ? t("responseA") : t("responseB")}
          </button>
        ))}
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        {([
          ["a", t("responseA"), battle.responseA, receipt?.modelA, "model_a"],
          ["b", t("responseB"), battle.responseB, receipt?.modelB, "model_b"],
        ] as const).map(([side, title, text, model, winner]) => (
          <section
            key={side}
            id={`response-${side}`}
            role="tabpanel"
            aria-labelledby={`tab-${side}`}
            data-testid={`response-${side}`}
            className={`${tab === side ? "flex" : "hidden"} min-w-0 flex-col rounded-xl border bg-white shadow-sm md:flex ${voted === winner ? "border-emerald-400 ring-2 ring-emerald-200" : "border-slate-200"}`}
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
            <div className="mt-auto">
              <ReasonFlagToggles side={side} flags={battle.flags ?? []} chosen={flags[side]} disabled={phase !== "voting"} onToggle={(key) => toggleFlag(side, key)} />
            </div>
          </section>
        ))}
      </div>

      <div data-testid="vote-panel" className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-3 py-2 backdrop-blur sm:mx-0 sm:rounded-xl sm:border sm:px-4 sm:py-3 sm:shadow-sm">
        {phase === "revealed" && receipt ? (
          <div data-testid="reveal" className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="font-semibold text-emerald-700">{t("revealed")}</p>
              <p className="text-sm text-slate-600">
                {t("modelA", { model: receipt.modelA })} · {t("modelB", { model: receipt.modelB })} · {t("yourVote", { vote: voteLabel })}
              </p>
            </div>
            {/* biome-ignore lint/a11y/noAutofocus: after a vote or skip the next action takes the focus, so keyboard and screen-reader users continue from there. */}
            <button type="button" onClick={showNext} className="rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700" autoFocus>
              {t("next")} <kbd className="ms-1 hidden rounded bg-white/20 px-1.5 text-xs sm:inline">n</kbd>
            </button>
          </div>
        ) : phase === "error" && failure ? (
          <div role="alert" data-testid="battle-error" data-code={failure.code} className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="text-red-700">{t("error", { message: apiErrorText(tRoot, failure) })}</p>
              {failure.action === "vote" && reason.trim() && <p className="text-sm text-slate-600">{t("reasonKept")}</p>}
            </div>
            <div className="flex flex-wrap gap-2">
              {failure.code === "unauthorized" ? (
                <a href={signInHref} data-testid="sign-in-again" className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
                  {t("signInAgain")}
                </a>
              ) : finalForThisBattle.has(failure.code) ? (
                <button type="button" data-testid="load-new" onClick={() => void loadNext()} className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
                  {t("loadNew")}
                </button>
              ) : (
                <button type="button" data-testid="retry" onClick={retry} className="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50"
                  // biome-ignore lint/a11y/noAutofocus: the retry takes the focus so a keyboard user can press Enter again.
                  autoFocus
                >
                  {failure.action === "vote" ? t("retryVote") : t("retry")}
                </button>
              )}
            </div>
          </div>
        ) : (
          <div className="space-y-2 sm:space-y-3">
            <div className="grid grid-cols-4 gap-1.5 sm:gap-2">
              {choices.map((c) => (
                <button
                  key={c.winner}
                  type="button"
                  data-testid={`vote-${c.winner}`}
                  disabled={phase !== "voting"}
                  onClick={() => vote(c.winner)}
                  className={`rounded-lg px-1.5 py-2 text-sm font-semibold leading-tight shadow-sm transition disabled:opacity-50 sm:px-3 sm:py-2.5 sm:text-base ${c.tone}`}
                >
                  {c.label} <kbd className="ms-1 hidden rounded bg-black/10 px-1.5 text-xs font-normal sm:inline">{c.key}</kbd>
                </button>
              ))}
            </div>
            <div className="flex items-center gap-2">
              <label className="sr-only" htmlFor="vote-reason">{t("reason")}</label>
              <input
                ref={reasonInput}
                id="vote-reason"
                dir="auto"
                value={reason}
                maxLength={1000}
                enterKeyHint="done"
                onChange={(e) => {
                  setReason(e.target.value);
                  storeReason(battle.id, e.target.value);
                }}
                onKeyDown={(e) => {
                  // Enter never sends anything from here (a vote takes a deliberate choice); Escape hands
                  // the keys back to the shortcuts, keeping the text.
                  if (e.key === "Enter") e.preventDefault();
                  if (e.key === "Escape") {
                    e.preventDefault();
                    reasonInput.current?.blur();
                  }
                }}
                placeholder={t("reasonPlaceholder")}
                className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
              />
              <button type="button" data-testid="skip" disabled={phase !== "voting"} onClick={skip} className="shrink-0 rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100">
                {t("skip")} <kbd className="ms-1 hidden rounded bg-slate-200 px-1.5 text-xs sm:inline">s</kbd>
              </button>
            </div>
            {/* Status is for everyone (phones too); the key hints only where there is a keyboard. */}
            <p role="status" data-testid="battle-status" className={`text-xs ${status ? "font-medium text-brand-700" : "hidden text-slate-500 sm:block"}`} lang={locale}>
              {status ?? <span className="hidden sm:inline">{t("keyboardHint")}</span>}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
