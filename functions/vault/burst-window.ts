import type { BurstReading } from './burst-headers';

/** Vault's burst budget is counted over fixed five-minute windows. */
export const VAULT_BURST_WINDOW_MS = 300_000;

export interface BurstWindowView {
  limit?: number;
  /** Our estimate of the calls left in this window: the last reading less the calls started since. */
  remaining?: number;
  /** Estimated start of the current window; undefined until the first reading. */
  startedAt?: number;
  /** Lowest BurstLimitRemaining any response reported. */
  lowestSeen?: number;
}

/**
 * Tracks one vault's burst window from the client side. Vault never says when its window began,
 * so the start is estimated: the first reading is taken as the start (the latest it can be, so a
 * "come back when the window turns over" hint is never too early), and a Remaining that jumps
 * back up by more than the calls in flight could explain means a new window has begun.
 */
export const createBurstWindow = (windowMs: number) => {
  const view: BurstWindowView = {};

  /** Moves the estimate on when the estimated window has run out: the budget is whole again. */
  const roll = (now: number): void => {
    if (view.startedAt === undefined || now < view.startedAt + windowMs) return;
    view.startedAt += Math.floor((now - view.startedAt) / windowMs) * windowMs;
    view.remaining = view.limit;
  };

  return {
    view: (): Readonly<BurstWindowView> => view,
    roll,
    endsAt: (): number | undefined => (view.startedAt === undefined ? undefined : view.startedAt + windowMs),

    /** A call is starting: it will cost one unit of the budget before its response says so. */
    spend(): void {
      if (view.remaining !== undefined) view.remaining = Math.max(0, view.remaining - 1);
    },

    /** Folds one response's reading in; `inFlight` counts calls whose answers may still arrive late. */
    record(reading: BurstReading, now: number, inFlight: number): void {
      if (reading.limit !== undefined) view.limit = reading.limit;
      const observed = reading.remaining;
      if (observed === undefined) return;
      // Without a BurstLimit header the largest Remaining seen is the best lower bound of it.
      if (reading.limit === undefined && observed > (view.limit ?? -1)) view.limit = observed;
      view.lowestSeen = Math.min(view.lowestSeen ?? observed, observed);
      roll(now);
      if (view.startedAt === undefined) {
        view.startedAt = now;
        view.remaining = observed;
        return;
      }
      // Answers to concurrent calls arrive in any order, so a reading may sit up to `inFlight`
      // above our estimate within one window; anything higher is a fresh budget.
      if (view.remaining === undefined || observed > view.remaining + inFlight) {
        if (view.remaining !== undefined) view.startedAt = now;
        view.remaining = observed;
        return;
      }
      view.remaining = Math.min(view.remaining, observed);
    },
  };
};

export type BurstWindow = ReturnType<typeof createBurstWindow>;
