/**
 * Spends Vault's burst budget at a steady rate. The Vault client asks it before every call and
 * tells it every response's headers; the adaptive implementation lives beside this file.
 */
export interface BurstPacer {
  /**
   * Resolves when a call may start. Throws a RetryableError (with `retryAfterSeconds` fitting the
   * burst window) when the budget left is within the reserve kept for other integrations, or when
   * the call's turn is further away than `maxWaitMs` (what the caller can afford to wait).
   */
  acquire(options?: { maxWaitMs?: number }): Promise<void>;
  /** Every Vault response's headers; read case-insensitively (HTTP/2 Vaults send lowercase names). */
  observe(headers: Headers): void;
  /** An acquired call ended without a response (network error, timeout): frees its slot. */
  release?(): void;
  /** Vault answered API_LIMIT_EXCEEDED: start no call for that long, or until the window turns over. */
  penalise?(retryAfterSeconds?: number): void;
}

/** For tests that are not about pacing. */
export const noPacing: BurstPacer = {
  acquire: async () => {},
  observe: () => {},
};
