import type { BurstOptions, BurstState } from './types';

export interface BurstTicket {
  limit: number;
  remaining: number;
  /** Milliseconds this response must be held back (0 while the budget lasts). */
  delayMs: number;
}

/**
 * Vault's burst limit: a fixed window (5 minutes by default) with a call budget per vault. Once
 * the budget is spent Vault does not reject calls; it delays every response until the window ends.
 */
export class BurstLimiter {
  private windowStartedAt = Number.NaN;
  private used = 0;
  private delayedResponses = 0;

  constructor(
    private readonly options: BurstOptions,
    private readonly now: () => number,
  ) {}

  take(): BurstTicket {
    const now = this.now();
    if (!(now - this.windowStartedAt < this.options.windowMs)) {
      this.windowStartedAt = now;
      this.used = 0;
    }
    this.used += 1;
    const over = this.used > this.options.limit;
    if (over) this.delayedResponses += 1;
    return {
      limit: this.options.limit,
      remaining: Math.max(0, this.options.limit - this.used),
      delayMs: over ? this.options.delayMs : 0,
    };
  }

  state(): BurstState {
    const now = this.now();
    const fresh = !(now - this.windowStartedAt < this.options.windowMs);
    return {
      limit: this.options.limit,
      remaining: fresh ? this.options.limit : Math.max(0, this.options.limit - this.used),
      windowStartedAt: Number.isNaN(this.windowStartedAt) ? 0 : this.windowStartedAt,
      delayedResponses: this.delayedResponses,
    };
  }

  reset(): void {
    this.windowStartedAt = Number.NaN;
    this.used = 0;
    this.delayedResponses = 0;
  }
}
