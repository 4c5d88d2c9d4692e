"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { apiErrorText } from "@/components/api-error-text";
import { postJson, type ApiFailure } from "@/components/battle/post-json";
import { Markdown } from "@/components/markdown";
import { useHydrated } from "@/components/use-hydrated";
import { readLiveEvents } from "@/lib/validation/live-stream";
import type { WinnerChoice } from "@/lib/validation/vote";

type Side = "a" | "b";
type SideState = { text: string; status: "streaming" | "done" | "stopped" | "failed" };
type Turn = { prompt: string; a: SideState; b: SideState };
// compose: writing a (first or follow-up) prompt · streaming · void: a side failed · revealed: voted.
type Phase = "compose" | "streaming" | "void" | "sending" | "revealed";

type Props = {
  campaign: { name: string; turnLimit: number } | null;
  languages: ("ar" | "en")[];
  defaultLanguage: "ar" | "en";
  maxChars: number;
};

const sides: Side[] = ["a", "b"];

export function LiveArena({ campaign, languages, defaultLanguage, maxChars }: Props) {
  const t = useTranslations("live");
  const tRoot = useTranslations();
  const [phase, setPhase] = useState<Phase>("compose");
  const [battleId, setBattleId] = useState<string | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [canVote, setCanVote] = useState(false);
  const [canFollowUp, setCanFollowUp] = useState(true);
  const [stopped, setStopped] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [language, setLanguage] = useState<"ar" | "en">(defaultLanguage);
  const [prompt, setPrompt] = useState("");
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [receipt, setReceipt] = useState<{ modelA: string; modelB: string; winner: WinnerChoice } | null>(null);
  const shownAt = useRef(0);
  const fetchAbort = useRef<AbortController | null>(null);
  const hydrated = useHydrated();

  if (!campaign) {
    return (
      <section data-testid="live-unavailable" className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <h1 className="text-xl font-semibold">{t("unavailableTitle")}</h1>
        <p className="mt-2 leading-7 text-slate-600">{t("unavailableBody")}</p>
      </section>
    );
  }

  const updateSide = (side: Side, change: (s: SideState) => SideState) =>
    setTurns((all) => all.map((turn, k) => (k === all.length - 1 ? { ...turn, [side]: change(turn[side]) } : turn)));

  async function send() {
    const text = prompt.trim();
    if (!text || phase === "streaming") return;
    setFailure(null);
    setStopped(false);
    setCanVote(false);
    const url = battleId ? `/api/live/battles/${battleId}/turns` : "/api/live/battles";
    const body = battleId ? { prompt: text } : { prompt: text, language };
    const controller = new AbortController();
    fetchAbort.current = controller;
    setPhase("streaming");
    setTurns((all) => [...all, { prompt: text, a: { text: "", status: "streaming" }, b: { text: "", status: "streaming" } }]);
    let ended = false;
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: controller.signal });
      if (!response.ok || !response.body) {
        const json = (await response.json().catch(() => null)) as { error?: { code?: string; details?: Record<string, unknown> } } | null;
        setFailure({ status: response.status, code: json?.error?.code ?? "http", details: json?.error?.details });
        setTurns((all) => all.slice(0, -1));
        setPhase(battleId ? "compose" : "compose");
        return;
      }
      setPrompt("");
      await readLiveEvents(response.body, (event) => {
        if (event.type === "battle") {
          setBattleId(event.battleId);
          shownAt.current = performance.now();
        } else if (event.type === "delta") updateSide(event.side, (s) => ({ ...s, text: s.text + event.text }));
        else if (event.type === "side") updateSide(event.side, (s) => ({ ...s, status: event.status }));
        else if (event.type === "end") {
          ended = true;
          setCanVote(event.canVote);
          setCanFollowUp(event.canFollowUp);
          setStopped(event.status === "stopped");
          setPhase(event.status === "void" ? "void" : "compose");
        } else if (event.type === "error") {
          setFailure({ status: 503, code: event.code });
        }
      });
    } catch {
      if (!ended) setFailure({ status: 0, code: "network" });
    } finally {
      fetchAbort.current = null;
      setStopping(false);
      if (!ended) setPhase((p) => (p === "streaming" ? "compose" : p));
    }
  }

  async function stop() {
    if (!battleId || phase !== "streaming") {
      fetchAbort.current?.abort();
      return;
    }
    setStopping(true);
    // The server stops both answers and ends the stream with what was written so far.
    const result = await postJson<{ ok: true }>(`/api/live/battles/${battleId}/stop`, {});
    if (!result.ok) fetchAbort.current?.abort();
  }

  async function vote(winner: WinnerChoice) {
    if (!battleId || !canVote) return;
    setPhase("sending");
    setFailure(null);
    const timeTakenMs = Math.round(performance.now() - shownAt.current);
    const result = await postJson<{ vote: { modelA: string; modelB: string; winner: WinnerChoice } }>("/api/votes", { battleId, winner, timeTakenMs });
    if (result.ok) {
      setReceipt(result.data.vote);
      setPhase("revealed");
    } else {
      setFailure(result);
      setPhase("compose");
    }
  }

  function reset() {
    setPhase("compose");
    setBattleId(null);
    setTurns([]);
    setCanVote(false);
    setCanFollowUp(true);
    setStopped(false);
    setReceipt(null);
    setFailure(null);
    setPrompt("");
  }

  const turnNumber = Math.max(turns.length, 1);
  const last = turns[turns.length - 1];
  const composing = phase === "compose" && (turns.length === 0 || canFollowUp);
  const voteOpen = canVote && (phase === "compose" || phase === "sending") && !!last && last.a.status !== "streaming" && last.b.status !== "streaming";
  const choices: { winner: WinnerChoice; label: string; tone: string }[] = [
    { winner: "model_a", label: t("voteA"), tone: "bg-brand-600 text-white hover:bg-brand-700" },
    { winner: "model_b", label: t("voteB"), tone: "bg-brand-600 text-white hover:bg-brand-700" },
    { winner: "tie", label: t("voteTie"), tone: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50" },
    { winner: "tie_bothbad", label: t("voteBothBad"), tone: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50" },
  ];
  const statusLabel = (s: SideState) =>
    s.status === "streaming" ? (s.text ? t("streaming") : t("waiting")) : s.status === "done" ? t("sideDone") : s.status === "stopped" ? t("sideStopped") : t("sideFailed");
  const statusTone = (s: SideState) =>
    s.status === "failed" ? "bg-red-50 text-red-800" : s.status === "stopped" ? "bg-amber-50 text-amber-800" : s.status === "done" ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600";

  return (
    <div data-testid="live" data-ready={hydrated} data-phase={phase} data-battle-id={battleId ?? ""} className="space-y-4 pb-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm leading-6 text-slate-600">{t("lead")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span className="rounded-full bg-slate-200 px-2.5 py-1" dir="auto">{t("campaign", { name: campaign.name })}</span>
          <span data-testid="live-turn" className="rounded-full bg-slate-200 px-2.5 py-1">{t("turnOf", { turn: turnNumber, limit: campaign.turnLimit })}</span>
        </div>
      </div>

      {turns.map((turn, k) => (
        <div key={k} className="space-y-3" data-testid={`live-turn-${k + 1}`}>
          <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("you")}</h2>
            <div dir="auto" className="mt-1 whitespace-pre-wrap text-slate-900">{turn.prompt}</div>
          </section>
          <div className="grid gap-3 md:grid-cols-2">
            {sides.map((side) => {
              const s = turn[side];
              const name = side === "a" ? receipt?.modelA : receipt?.modelB;
              return (
                <section
                  key={side}
                  data-testid={`live-answer-${side}`}
                  data-status={s.status}
                  aria-busy={s.status === "streaming"}
                  className={`flex min-h-32 flex-col rounded-xl border bg-white shadow-sm ${s.status === "failed" ? "border-red-300" : "border-slate-200"}`}
                >
                  <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
                    <h3 className="font-semibold text-slate-800">
                      {side === "a" ? t("modelA") : t("modelB")}
                      {name && (
                        <span data-testid={`live-reveal-${side}`} className="ms-2 rounded-full bg-emerald-50 px-2.5 py-0.5 text-sm font-medium text-emerald-800" dir="auto">
                          {name}
                        </span>
                      )}
                    </h3>
                    <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${statusTone(s)}`} role="status">
                      {statusLabel(s)}
                    </span>
                  </header>
                  {s.text ? <Markdown text={s.text} className="p-4 text-slate-800" /> : <p className="p-4 text-sm text-slate-500">{s.status === "streaming" ? t("waiting") : ""}</p>}
                </section>
              );
            })}
          </div>
        </div>
      ))}

      {phase === "void" && (
        <section role="alert" data-testid="live-void" className="rounded-xl border border-red-300 bg-red-50 p-4">
          <h2 className="font-semibold text-red-800">{t("voidTitle")}</h2>
          <p className="mt-1 text-sm leading-6 text-red-800">{t("voidBody")}</p>
          <button type="button" data-testid="live-new" onClick={reset} className="mt-3 rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
            {t("newBattle")}
          </button>
        </section>
      )}

      {stopped && phase !== "void" && phase !== "revealed" && (
        <p data-testid="live-stopped" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("stoppedNote")}
        </p>
      )}

      {failure && (
        <p role="alert" data-testid="live-error" data-code={failure.code} className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {t("error", { message: apiErrorText(tRoot, failure) })}
        </p>
      )}

      {phase === "revealed" && receipt ? (
        <section data-testid="live-revealed" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4">
          <div>
            <p className="font-semibold text-emerald-800">{t("revealed")}</p>
            <p className="text-sm text-slate-700">
              <span dir="auto">{t("wasModel", { side: t("modelA"), model: receipt.modelA })}</span> · <span dir="auto">{t("wasModel", { side: t("modelB"), model: receipt.modelB })}</span>
            </p>
          </div>
          <button type="button" data-testid="live-new" onClick={reset} className="rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700">
            {t("newBattle")}
          </button>
        </section>
      ) : (
        phase !== "void" &&
        turns.length > 0 && (
          <section data-testid="live-vote" className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:p-4">
            <h2 className="mb-2 font-semibold">{t("voteTitle")}</h2>
            <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-4 sm:gap-2">
              {choices.map((c) => (
                <button
                  key={c.winner}
                  type="button"
                  data-testid={`live-vote-${c.winner}`}
                  disabled={!voteOpen || phase === "sending"}
                  onClick={() => void vote(c.winner)}
                  className={`rounded-lg px-2 py-2 text-sm font-semibold shadow-sm transition disabled:opacity-50 sm:text-base ${c.tone}`}
                >
                  {c.label}
                </button>
              ))}
            </div>
            <p className="mt-2 text-xs text-slate-500" role="status">
              {phase === "sending" ? t("sendingVote") : voteOpen ? "" : t("voteHint")}
            </p>
          </section>
        )
      )}

      {phase === "streaming" && (
        <div className="flex justify-center">
          <button
            type="button"
            data-testid="live-stop"
            onClick={() => void stop()}
            disabled={stopping}
            className="rounded-lg border border-red-300 bg-white px-5 py-2 font-semibold text-red-700 shadow-sm hover:bg-red-50 disabled:opacity-60"
          >
            ■ {stopping ? t("stopping") : t("stop")}
          </button>
        </div>
      )}

      {composing && (
        <form
          data-testid="live-compose"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          className="space-y-2 rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:p-4"
        >
          {turns.length === 0 && languages.length > 1 && (
            <fieldset className="flex flex-wrap items-center gap-3 text-sm">
              <legend className="sr-only">{t("language")}</legend>
              <span className="font-medium text-slate-700" aria-hidden>
                {t("language")}
              </span>
              {languages.map((l) => (
                <label key={l} className="flex items-center gap-1.5">
                  <input type="radio" name="language" value={l} checked={language === l} onChange={() => setLanguage(l)} data-testid={`live-language-${l}`} />
                  {t(`languages.${l}`)}
                </label>
              ))}
            </fieldset>
          )}
          <label className="block">
            <span className="sr-only">{turns.length === 0 ? t("prompt") : t("followUp")}</span>
            <textarea
              data-testid="live-prompt"
              dir="auto"
              lang={turns.length === 0 ? language : undefined}
              rows={3}
              maxLength={maxChars}
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  void send();
                }
              }}
              placeholder={turns.length === 0 ? t("placeholder") : t("followUpPlaceholder")}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            />
          </label>
          <div className="flex items-center justify-between gap-2">
            <span className="text-xs text-slate-500">{t("charsLeft", { count: maxChars - prompt.length })}</span>
            <button type="submit" data-testid="live-send" disabled={!hydrated || !prompt.trim()} className="rounded-lg bg-brand-600 px-5 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-50">
              {turns.length === 0 ? t("send") : t("sendFollowUp")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
