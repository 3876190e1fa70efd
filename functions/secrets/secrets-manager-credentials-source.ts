import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CredentialsSource } from '../vault/credentials-source';
import { parseVaultCredentials, type VaultCredentials } from '../vault/vault-credentials';
import { SecretInvalidError, SecretUnavailableError } from '../vault/vault-errors';

export interface SecretsManagerCredentialsOptions {
  /** Name or ARN of the secret (VAULT_SECRET_ID). */
  secretId: string;
  /** How long a read is reused (SECRET_CACHE_SECONDS); bounded so a rotation is picked up without a redeploy. */
  maxAgeSeconds: number;
  /** Injected for tests and local runs; by default the SDK client honours AWS_ENDPOINT_URL_SECRETS_MANAGER itself. */
  client?: SecretsManagerClient;
}

/** The Vault credentials from one Secrets Manager secret, cached by Powertools' SecretsProvider. */
export const createSecretsManagerCredentialsSource = (
  options: SecretsManagerCredentialsOptions,
): CredentialsSource => {
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});
  // The session layer reads the secret before every Vault call; the provider caches the text, and
  // this keeps the JSON parse and schema check to once per distinct secret value.
  let parsed: { text: string; credentials: VaultCredentials } | undefined;

  const read = async (forceFetch: boolean): Promise<VaultCredentials> => {
    let value: unknown;
    try {
      value = await provider.get(options.secretId, { maxAge: options.maxAgeSeconds, forceFetch });
    } catch (error) {
      throw new SecretUnavailableError(`cannot read the Vault secret ${options.secretId}`, { cause: error });
    }
    if (typeof value !== 'string') {
      throw new SecretInvalidError(`the Vault secret ${options.secretId} has no SecretString`, ['(secret)']);
    }
    if (parsed?.text !== value)
      parsed = { text: value, credentials: Object.freeze(parseVaultCredentials(value)) };
    return parsed.credentials;
  };

  return { get: () => read(false), refresh: () => read(true) };
};
