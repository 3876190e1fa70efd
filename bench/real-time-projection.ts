/**
 * The bench runs with Vault's burst window shortened (time-scaled) so a run takes minutes, not
 * hours; latency per call is not scaled. What the same run would do against a real five-minute
 * window is a model, not a measurement, and is labelled "projected" wherever it is shown.
 */
export interface RealBurst {
  limit: number;
  windowMs: number;
  /** How long Vault holds each response once the window's budget is spent. */
  delayMs: number;
}

export interface Projection {
  durationMs: number;
  delayedResponses: number;
}

/**
 * An unpaced, sequential client (the naive relay): each call takes what it took in the measured
 * run, and every call past the window's budget waits Vault's delay on top, until the window turns.
 */
export const projectSequentialUnpaced = (calls: number, measuredMs: number, burst: RealBurst): Projection => {
  const perCallMs = measuredMs / Math.max(1, calls);
  let time = 0;
  let windowStart = 0;
  let used = 0;
  let delayedResponses = 0;
  for (let call = 0; call < calls; call += 1) {
    if (time - windowStart >= burst.windowMs) {
      windowStart += Math.floor((time - windowStart) / burst.windowMs) * burst.windowMs;
      used = 0;
    }
    used += 1;
    const delayed = used > burst.limit;
    if (delayed) delayedResponses += 1;
    time += perCallMs + (delayed ? burst.delayMs : 0);
  }
  return { durationMs: time, delayedResponses };
};

/**
 * The relay behind the adaptive pacer: after its back-to-back allowance it starts calls no faster
 * than the budget above the reserve spread over the window, and it never goes past the reserve,
 * so Vault delays nothing. It is never faster than it was with the scaled window.
 */
export const projectPaced = (
  calls: number,
  measuredMs: number,
  burst: RealBurst & { reserveFraction: number; burstCalls: number },
): Projection => {
  const spendable = burst.limit - Math.ceil(burst.limit * burst.reserveFraction);
  const pacedMs = (Math.max(0, calls - burst.burstCalls) * burst.windowMs) / spendable;
  return { durationMs: Math.max(measuredMs, pacedMs), delayedResponses: 0 };
};
