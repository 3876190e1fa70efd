import { inspect } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretsManagerCredentialsSource } from '../../../functions/secrets/secrets-manager-credentials-source';
import { SecretInvalidError, SecretUnavailableError } from '../../../functions/vault/vault-errors';
import { LOCAL_AWS_CREDENTIALS, LOCAL_REGION } from '../../../local/embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../../local/fake-secrets-manager';
import { rejectionOf } from '../../support/caught-error';

const SECRET_ID = 'relay/vault';
const SECRET = {
  vaultDns: 'promomats-sandbox.veevavault.com',
  username: 'integration@promomats-sandbox.com',
  password: 'Sandbox-Passw0rd!',
  clientId: 'relay-from-secret',
};

let secrets: FakeSecretsManager;
let client: SecretsManagerClient;

beforeEach(async () => {
  secrets = await startFakeSecretsManager();
  client = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
});

afterEach(async () => {
  client.destroy();
  await secrets.stop();
});

describe('Secrets Manager credentials source', () => {
  it('reads and validates the secret, then answers from its cache', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, SECRET);
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300, client });

    // Act
    const first = await source.get();
    const second = await source.get();

    // Assess
    expect(first).toEqual({ ...SECRET, baseUrl: 'https://promomats-sandbox.veevavault.com' });
    // The very same (frozen) object: a cached secret is neither read nor parsed again.
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(secrets.reads(SECRET_ID)).toBe(1);
  });

  it('finds a local Secrets Manager through AWS_ENDPOINT_URL_SECRETS_MANAGER when no client is passed', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, SECRET);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv('AWS_REGION', LOCAL_REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_AWS_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_AWS_CREDENTIALS.secretAccessKey);
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300 });

    // Act
    const credentials = await source.get();

    // Assess
    expect(credentials.username).toBe(SECRET.username);
    expect(secrets.reads(SECRET_ID)).toBe(1);
  });

  it('reads the store again on refresh and serves the new value from then on', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, SECRET);
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300, client });
    await source.get();
    secrets.putSecret(SECRET_ID, { ...SECRET, password: 'Rotated-Passw0rd' });

    // Act
    const stale = await source.get();
    const refreshed = await source.refresh();
    const afterwards = await source.get();

    // Assess
    expect(stale.password).toBe(SECRET.password);
    expect(refreshed.password).toBe('Rotated-Passw0rd');
    expect(afterwards.password).toBe('Rotated-Passw0rd');
    expect(secrets.reads(SECRET_ID)).toBe(2);
  });

  it('reads again once the cache age is over', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, SECRET);
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 0, client });

    // Act
    await source.get();
    await source.get();

    // Assess
    expect(secrets.reads(SECRET_ID)).toBe(2);
  });

  it('fails retryably when the secret does not exist', async () => {
    // Prepare
    const source = createSecretsManagerCredentialsSource({ secretId: 'missing', maxAgeSeconds: 300, client });

    // Act
    const error = await rejectionOf(source.get());

    // Assess
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as SecretUnavailableError).message).toContain('missing');
  });

  it('names the wrong fields of a malformed secret without quoting it', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, { ...SECRET, vaultUrl: 'http://remote.example.com' });
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300, client });

    // Act
    const error = await rejectionOf(source.get());

    // Assess
    expect(error).toBeInstanceOf(SecretInvalidError);
    expect((error as SecretInvalidError).fields).toEqual(['vaultUrl']);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET.password);
  });

  it('rejects a secret that is not JSON without quoting it', async () => {
    // Prepare
    secrets.putSecret(SECRET_ID, `password=${SECRET.password}`);
    const source = createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300, client });

    // Act
    const error = await rejectionOf(source.get());

    // Assess
    expect(error).toBeInstanceOf(SecretInvalidError);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET.password);
  });
});
