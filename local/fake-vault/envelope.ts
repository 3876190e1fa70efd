/** A Vault JSON response body: always HTTP 200, the outcome lives in `responseStatus`. */
export type VaultBody = { responseStatus: 'SUCCESS' | 'WARNING' | 'FAILURE' | 'EXCEPTION' } & Record<
  string,
  unknown
>;

export interface VaultError {
  type: string;
  message: string;
}

export const vaultFailure = (type: string, message: string): VaultBody => ({
  responseStatus: 'FAILURE',
  errors: [{ type, message }],
});

export const vaultException = (message: string): VaultBody => ({
  responseStatus: 'EXCEPTION',
  errors: [{ type: 'UNEXPECTED_ERROR', message }],
});

/** Thrown by handlers to answer a FAILURE; the router turns it into the body. */
export class VaultFailure extends Error {
  override name = 'VaultFailure';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
