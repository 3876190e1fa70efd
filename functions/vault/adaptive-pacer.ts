import { RetryableError } from '../relationships/errors';
import type { Clock } from '../relationships/ports';
import { type HeaderSource, readBurstHeaders } from './burst-headers';
import type { BurstPacer } from './burst-pacer';
import { type BurstWindowView, createBurstWindow, VAULT_BURST_WINDOW_MS } from './burst-window';

export interface AdaptivePacerOptions {
  /** Share of the vault's burst limit left for other integrations (BURST_RESERVE_FRACTION). */
  reserveFraction?: number;
  /** Length of Vault's fixed burst window; configurable because the fake Vault time-scales it. */
  windowMs?: number;
  /**
   * Calls allowed back to back before the steady rate applies (default 5% of the burst limit): a
   * batch that fits goes out at once, a sustained load is spread over the window.
   */
  burstCalls?: number;
  /**
   * Containers pacing against the same vault at once (PACER_CONTAINERS, the event source's maximum
   * concurrency): each spends only its share of the rate and of the back-to-back burst, since each
   * reads the same shared Remaining and would otherwise spend it as if alone. Default 1.
   */
  containers?: number;
  /** Calls in flight at once; further acquire() calls wait for a slot. Unbounded when omitted. */
  maxConcurrent?: number;
  /** The longest acquire() sleeps for its turn; a longer wait becomes a RetryableError instead. */
  maxWaitMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export interface AcquireOptions {
  /** The longest this caller can afford to wait for its turn (e.g. Lambda time left less a margin). */
  maxWaitMs?: number;
}

export interface PacerSnapshot extends BurstWindowView {
  inFlight: number;
  /** Clock time until which no call starts, when the pacer has stopped. */
  stoppedUntil?: number;
  stopReason?: string;
}

/**
 * The BurstPacer the relay ships with. Call acquire() before each Vault call, then observe() with
 * the response's headers, or release() when the call ended without a response.
 */
export interface AdaptivePacer extends BurstPacer {
  acquire(options?: AcquireOptions): Promise<void>;
  observe(headers: HeaderSource): void;
  release(): void;
  /** Vault answered API_LIMIT_EXCEEDED: start no call for that long, or until the window turns over. */
  penalise(retryAfterSeconds?: number): void;
  snapshot(): PacerSnapshot;
}

export const BURST_RESERVE_CODE = 'VAULT_BURST_RESERVE';
export const BURST_PACING_CODE = 'VAULT_BURST_PACING';

const defaults = {
  reserveFraction: 0.2,
  windowMs: VAULT_BURST_WINDOW_MS,
  containers: 1,
  maxWaitMs: 5_000,
};

// Share of the burst limit that may go out back to back: 100 calls of Vault's historical 2,000.
const DEFAULT_BURST_SHARE = 0.05;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Spends the vault's burst budget evenly over what is left of the window: the allowed rate is
 * (remaining - reserve) / time left, so a relay that has been quiet may go faster late in a window
 * and one sharing the vault with a busy integration slows down. When the budget is down to the
 * reserve, Vault starts delaying responses, or it reports API_LIMIT_EXCEEDED, the pacer stops
 * starting calls and tells the caller, through a RetryableError's retryAfterSeconds, when the
 * window turns over — the messages go back to the queue with that delay instead of spinning.
 */
export const createAdaptivePacer = (options: AdaptivePacerOptions = {}): AdaptivePacer => {
  const settings = { ...defaults, ...options };
  if (!(settings.reserveFraction >= 0 && settings.reserveFraction < 1)) {
    throw new RangeError('reserveFraction must be at least 0 and below 1');
  }
  if (!(Number.isInteger(settings.containers) && settings.containers >= 1)) {
    throw new RangeError('containers must be a whole number of at least 1');
  }
  const clock = options.clock ?? { now: Date.now };
  const sleep = options.sleep ?? realSleep;
  const window = createBurstWindow(settings.windowMs);
  let inFlight = 0;
  let stoppedUntil = Number.NEGATIVE_INFINITY;
  let stopReason: string | undefined;
  // Theoretical time of the next call at the steady rate (GCRA); calls may run up to
  // `burstCalls` intervals ahead of it.
  let nextAt = Number.NEGATIVE_INFINITY;
  let scheduleWindow: number | undefined;
  const slotWaiters: (() => void)[] = [];

  const windowEnd = (now: number) => window.endsAt() ?? now + settings.windowMs;

  const stop = (until: number, reason: string) => {
    if (until > stoppedUntil) stoppedUntil = until;
    stopReason = reason;
  };

  const pausedError = (now: number) =>
    new RetryableError(BURST_RESERVE_CODE, `Vault burst budget paused: ${stopReason}`, {
      retryAfterSeconds: seconds(stoppedUntil - now),
    });

  const release = () => {
    inFlight = Math.max(0, inFlight - 1);
    slotWaiters.shift()?.();
  };

  /**
   * When the steady rate allows a call starting now, and the rate's next slot after it; undefined
   * when the budget is down to the reserve (the pacer is then stopped until the window turns over).
   */
  const turn = (now: number): { wait: number; next: number } | undefined => {
    const { limit, remaining, startedAt } = window.view();
    // A schedule stretched out near the end of a spent window means nothing in a fresh one.
    if (startedAt !== scheduleWindow) {
      scheduleWindow = startedAt;
      nextAt = Number.NEGATIVE_INFINITY;
    }
    if (limit === undefined || remaining === undefined) return { wait: 0, next: nextAt };
    const spendable = remaining - Math.ceil(limit * settings.reserveFraction);
    if (spendable <= 0) {
      stop(windowEnd(now), 'budget down to the reserve kept for other integrations');
      return undefined;
    }
    // This container's share: N containers at the full rate would spend the budget N times as fast.
    const interval = ((windowEnd(now) - now) * settings.containers) / spendable;
    const burst =
      settings.burstCalls ?? Math.max(1, Math.floor((limit * DEFAULT_BURST_SHARE) / settings.containers));
    const start = Math.max(now, nextAt - (burst - 1) * interval);
    return { wait: start - now, next: Math.max(nextAt, now) + interval };
  };

  /**
   * A pause is a refusal "not started because we are holding back": bouncing the batch at once
   * would make this container the fastest consumer on the queue, each bounce costing every message
   * a receive (soak finding F1). So a pause the caller can afford to sit out is waited for, and
   * one it cannot is held for as long as it can afford before the refusal: the messages then go
   * back with a delay reaching to the pause's end, and the container takes no new batch meanwhile.
   * Without a caller budget (maxWaitMs) the refusal is immediate.
   */
  const sitOutPause = async (maxWaitMs: number | undefined): Promise<number> => {
    const startedAt = clock.now();
    for (;;) {
      const now = clock.now();
      window.roll(now);
      if (now >= stoppedUntil) return now;
      const left = maxWaitMs === undefined ? 0 : maxWaitMs - (now - startedAt);
      if (left <= 0) throw pausedError(now);
      const pause = stoppedUntil - now;
      if (pause > left) {
        await sleep(left);
        throw pausedError(clock.now());
      }
      await sleep(pause);
    }
  };

  const acquire = async ({ maxWaitMs }: AcquireOptions = {}): Promise<void> => {
    while (settings.maxConcurrent !== undefined && inFlight >= settings.maxConcurrent) {
      await new Promise<void>((resolve) => slotWaiters.push(resolve));
    }
    const startedAt = clock.now();
    const budgetLeft = (at: number) => (maxWaitMs === undefined ? undefined : maxWaitMs - (at - startedAt));
    let now = await sitOutPause(budgetLeft(startedAt));
    let slot = turn(now);
    // Reaching the reserve stops the pacer until the window turns over: sat out like any pause.
    while (slot === undefined) {
      now = await sitOutPause(budgetLeft(clock.now()));
      slot = turn(now);
    }
    const { wait, next } = slot;
    const affordable = Math.min(settings.maxWaitMs, budgetLeft(now) ?? Number.POSITIVE_INFINITY);
    if (wait > affordable) {
      throw new RetryableError(
        BURST_PACING_CODE,
        'Vault burst budget: the next turn is further away than the call can wait',
        {
          retryAfterSeconds: seconds(wait),
        },
      );
    }
    nextAt = next;
    inFlight += 1;
    window.spend();
    if (wait <= 0) return;
    await sleep(wait);
    // A response seen while this call waited may have stopped the pacer.
    const woke = clock.now();
    if (woke < stoppedUntil) {
      release();
      throw pausedError(woke);
    }
  };

  const observe = (headers: HeaderSource) => {
    const now = clock.now();
    const reading = readBurstHeaders(headers);
    window.record(reading, now, inFlight);
    release();
    if (reading.responseDelayMs !== undefined && reading.responseDelayMs > 0) {
      stop(windowEnd(now), `Vault delayed a response by ${reading.responseDelayMs} ms`);
    }
  };

  const penalise = (retryAfterSeconds?: number) => {
    const now = clock.now();
    const until = retryAfterSeconds === undefined ? windowEnd(now) : now + retryAfterSeconds * 1000;
    stop(until, 'Vault answered API_LIMIT_EXCEEDED');
  };

  const snapshot = (): PacerSnapshot => ({
    ...window.view(),
    inFlight,
    ...(stoppedUntil > clock.now() ? { stoppedUntil, stopReason } : {}),
  });

  return { acquire, observe, release, penalise, snapshot };
};
