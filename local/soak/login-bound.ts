/**
 * How many failed logins the login circuit breaker allows over a run (see docs/soak.md).
 * - A failed login opens the container's breaker for `breakerOpenMs` (doubling while failures
 *   continue); logins are single-flight and none is tried while the breaker is open, so one
 *   container fails at most once per open period: ceil(runtime / breakerOpenMs).
 * - A rotation costs each live container (one per poller) one refused login that does not open the
 *   breaker: the cached password is refused, the secret is re-read once, and the retry succeeds.
 * - Every crash starts a new container with a fresh breaker, so containers = pollers + crashes.
 * - `slack` covers a login already on the wire when the first failure is recorded.
 */
export interface LoginBoundInput {
  runtimeMs: number;
  breakerOpenMs: number;
  rotations: number;
  pollers: number;
  /** Containers started over the run: one per poller plus one per crash. */
  containers: number;
  slack: number;
}

export const loginFailureBound = (input: LoginBoundInput): number => {
  if (input.breakerOpenMs <= 0) throw new RangeError('breakerOpenMs must be positive');
  const openPeriods = Math.ceil(input.runtimeMs / input.breakerOpenMs);
  return input.rotations * input.pollers + input.containers * openPeriods + input.slack;
};
