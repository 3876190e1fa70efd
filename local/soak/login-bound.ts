/**
 * How many failed logins the circuit breaker allows over a run. A failed login opens the breaker
 * for `openMs`; while it is open no login is attempted, so one breaker can fail at most once per
 * open period, plus the logins that race in before it opens (one per concurrent caller) and one per
 * rotation (the cached password is refused once before the secret is re-read). Each handler
 * instance (a Lambda container; in the soak, a poller) has its own breaker.
 */
export interface LoginBoundInput {
  runtimeMs: number;
  breakerOpenMs: number;
  rotations: number;
  /** Handler instances with their own breaker. */
  instances: number;
  /** Logins that may already be in flight when the first one fails (per instance). */
  concurrentCallers: number;
}

export const loginFailureBound = (input: LoginBoundInput): number => {
  if (input.breakerOpenMs <= 0) throw new RangeError('breakerOpenMs must be positive');
  const openPeriods = Math.ceil(input.runtimeMs / input.breakerOpenMs);
  return input.instances * (openPeriods + input.rotations + input.concurrentCallers);
};
