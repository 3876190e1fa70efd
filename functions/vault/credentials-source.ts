import type { VaultCredentials } from './vault-credentials';

/**
 * Where the Vault client gets its credentials. `get` may answer from a bounded cache; `refresh`
 * reads the store again (used once when Vault rejects the password, in case it was rotated).
 * Both throw SecretUnavailableError / SecretInvalidError (retryable) when no usable secret exists.
 */
export interface CredentialsSource {
  get(): Promise<VaultCredentials>;
  refresh(): Promise<VaultCredentials>;
}
