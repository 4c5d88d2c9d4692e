import "server-only";
import { env } from "@/lib/server/env";
import type { Limit } from "./rate-limit";

// Limits are configurable by environment (0 switches one off; defaults in lib/server/env.ts). Defaults are
// generous for people: a careful annotator votes a few times a minute, a fast one at most every couple of seconds.

export function voteLimits(userId: string, ip: string): Limit[] {
  const windowSeconds = env("ARENA_VOTE_RATE_WINDOW_SECONDS");
  return [
    { key: `vote:user:${userId}`, max: env("ARENA_VOTE_RATE_PER_USER"), windowSeconds },
    // Many annotators may share one address (a lab, a NAT), so the per-address limit is wide.
    { key: `vote:ip:${ip}`, max: env("ARENA_VOTE_RATE_PER_IP"), windowSeconds },
  ];
}

export function signInLimits(email: string, ip: string): Limit[] {
  const windowSeconds = env("ARENA_SIGNIN_RATE_WINDOW_SECONDS");
  return [
    // Guards one account against password guessing, whatever address the guesses come from.
    { key: `signin:email:${email}`, max: env("ARENA_SIGNIN_RATE_PER_EMAIL"), windowSeconds },
    // Guards against spraying many accounts from one address.
    { key: `signin:ip:${ip}`, max: env("ARENA_SIGNIN_RATE_PER_IP"), windowSeconds },
  ];
}

// Skipping is how an annotator would hunt for a battle of their choosing, and every skip uses up a prompt
// for them (each prompt is issued to an annotator once): a careful annotator skips a few an hour.
export function skipLimits(userId: string): Limit[] {
  return [{ key: `skip:user:${userId}`, max: env("ARENA_SKIP_RATE_PER_USER"), windowSeconds: env("ARENA_SKIP_RATE_WINDOW_SECONDS") }];
}

// Live battles: each prompt (a new battle or a follow-up turn) calls two model endpoints, which costs money.
export function livePromptLimits(userId: string): Limit[] {
  return [{ key: `live:user:${userId}`, max: env("ARENA_LIVE_PROMPTS_PER_USER"), windowSeconds: env("ARENA_LIVE_PROMPTS_WINDOW_SECONDS") }];
}
