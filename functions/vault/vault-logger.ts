/** The slice of a logger the Vault client uses; Powertools' Logger fits. Never given secrets or session ids. */
export interface VaultLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

export const silentLogger: VaultLogger = { info: () => {}, warn: () => {} };
