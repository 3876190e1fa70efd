import type { Clock } from '../relationships/ports';
import { LoginCircuitOpenError } from './vault-errors';

export interface LoginBreakerOptions {
  clock: Clock;
  /** How long logins stay closed after the first failure. */
  openMs: number;
  /** Each further consecutive failure doubles the period up to this cap. */
  maxOpenMs: number;
}

/**
 * Keeps a failing login from being retried in a tight loop: Vault locks a user out after repeated
 * wrong passwords, and every Lambda container would otherwise try once per batch.
 */
export interface LoginBreaker {
  /** Throws LoginCircuitOpenError while open. */
  check(): void;
  /** How long the breaker stays open from now; 0 when closed. */
  openForMs(): number;
  recordFailure(code: string): void;
  recordSuccess(): void;
}

export const createLoginBreaker = (options: LoginBreakerOptions): LoginBreaker => {
  let failures = 0;
  let openUntil = 0;
  let lastCode = '';
  return {
    check() {
      const waitMs = openUntil - options.clock.now();
      if (waitMs > 0) throw new LoginCircuitOpenError(Math.ceil(waitMs / 1000), lastCode);
    },
    openForMs() {
      return Math.max(0, openUntil - options.clock.now());
    },
    recordFailure(code) {
      failures += 1;
      lastCode = code;
      const period = Math.min(options.openMs * 2 ** Math.min(failures - 1, 20), options.maxOpenMs);
      openUntil = options.clock.now() + period;
    },
    recordSuccess() {
      failures = 0;
      openUntil = 0;
    },
  };
};
