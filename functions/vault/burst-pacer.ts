/**
 * Spends Vault's burst budget at a steady rate. The Vault client asks it before every call and
 * tells it every response's headers; the adaptive implementation lives beside this file.
 */
export interface BurstPacer {
  /**
   * Resolves when a call may start. Throws a RetryableError (with `retryAfterSeconds` fitting the
   * burst window) when the budget left is within the reserve kept for other integrations.
   */
  acquire(): Promise<void>;
  /** Every Vault response's headers; read case-insensitively (HTTP/2 Vaults send lowercase names). */
  observe(headers: Headers): void;
}

/** For tests that are not about pacing. */
export const noPacing: BurstPacer = {
  acquire: async () => {},
  observe: () => {},
};
