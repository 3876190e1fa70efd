import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config';
import { ConfigError } from '../../functions/relationships/errors';
import { thrownOfType } from '../support/caught-error';

const required = {
  VAULT_SECRET_ID: 'vault-relay/credentials',
  DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/relay-dlq',
  SOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/relay',
};

const configErrorOf = (environment: Record<string, string | undefined>): ConfigError =>
  thrownOfType(() => loadConfig(environment), ConfigError);

describe('loadConfig', () => {
  it('applies the documented defaults when only the required settings are given', () => {
    const environment = { ...required };

    const config = loadConfig(environment);

    expect(config).toEqual({
      vaultSecretId: 'vault-relay/credentials',
      dlqUrl: required.DLQ_URL,
      sourceQueueUrl: required.SOURCE_QUEUE_URL,
      vaultApiVersion: 'v25.2',
      maxAttempts: 5,
      vaultClientId: 'vault-relationship-relay',
      secretCacheSeconds: 300,
      vaultTimeoutMs: 10_000,
      burstReserveFraction: 0.2,
      safetyMarginMs: 5_000,
      pacerContainers: 2,
    });
  });

  it('reads PACER_CONTAINERS and refuses zero', () => {
    expect(loadConfig({ ...required, PACER_CONTAINERS: '8' }).pacerContainers).toBe(8);
    expect(configErrorOf({ ...required, PACER_CONTAINERS: '0' }).message).toContain(
      'PACER_CONTAINERS must be at least 1',
    );
  });

  it('reads every optional setting when given', () => {
    const environment = {
      ...required,
      VAULT_API_VERSION: 'v24.3',
      MAX_ATTEMPTS: '3',
      VAULT_CLIENT_ID: 'acme.relay-1',
      SECRET_CACHE_SECONDS: '60',
      VAULT_TIMEOUT_MS: '2500',
      BURST_RESERVE_FRACTION: '0.5',
      SAFETY_MARGIN_MS: '1000',
    };

    const config = loadConfig(environment);

    expect(config).toMatchObject({
      vaultApiVersion: 'v24.3',
      maxAttempts: 3,
      vaultClientId: 'acme.relay-1',
      secretCacheSeconds: 60,
      vaultTimeoutMs: 2500,
      burstReserveFraction: 0.5,
      safetyMarginMs: 1000,
    });
  });

  it('treats an empty optional setting as unset (its default applies)', () => {
    const environment = { ...required, MAX_ATTEMPTS: '', VAULT_API_VERSION: ' ' };

    const config = loadConfig(environment);

    expect(config).toMatchObject({ maxAttempts: 5, vaultApiVersion: 'v25.2' });
  });

  it('never repeats a value in the error, only the variable name', () => {
    const environment = { ...required, VAULT_CLIENT_ID: 'secret-looking value!' };

    const error = configErrorOf(environment);

    expect(error.message).not.toContain('secret-looking');
  });

  it('names every missing required variable in one error', () => {
    const environment = { DLQ_URL: '  ' };

    const error = configErrorOf(environment);

    expect(error.settings).toEqual(['VAULT_SECRET_ID', 'DLQ_URL', 'SOURCE_QUEUE_URL']);
    expect(error.message).toContain('VAULT_SECRET_ID is required');
    expect(error.message).toContain('SOURCE_QUEUE_URL is required');
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it.each([
    ['MAX_ATTEMPTS', 'five', 'must be a whole number'],
    ['MAX_ATTEMPTS', '0', 'must be at least 1'],
    ['MAX_ATTEMPTS', '2.5', 'must be a whole number'],
    ['VAULT_API_VERSION', '25.2', 'must be a Vault API version'],
    ['VAULT_CLIENT_ID', 'has spaces', 'must be 1-100 letters'],
    ['VAULT_TIMEOUT_MS', '10', 'must be at least 100'],
    ['BURST_RESERVE_FRACTION', '1', 'must be below 1'],
    ['SECRET_CACHE_SECONDS', '-1', 'must be at least 0'],
    ['SAFETY_MARGIN_MS', 'soon', 'must be a whole number'],
    ['DLQ_URL', 'relay-dlq', 'must be an SQS queue URL'],
    // Number() reads these as 16, 10, 100000 and 0: a typo must not become a different setting.
    ['MAX_ATTEMPTS', '0x10', 'must be a whole number'],
    ['MAX_ATTEMPTS', '1e1', 'must be a whole number'],
    ['VAULT_TIMEOUT_MS', '1e5', 'must be a whole number'],
    ['BURST_RESERVE_FRACTION', '0x0', 'must be a number'],
  ])('rejects %s=%s naming the variable', (name, value, text) => {
    const environment = { ...required, [name]: value };

    const error = configErrorOf(environment);

    expect(error.settings).toEqual([name]);
    expect(error.message).toContain(`${name} ${text}`);
  });

  it.each([
    ['the same URL', required.SOURCE_QUEUE_URL],
    [
      'the same queue spelt differently',
      `${required.SOURCE_QUEUE_URL.replace('sqs.eu-west-1', 'SQS.EU-WEST-1')}/`,
    ],
  ])(
    'refuses a DLQ_URL that is the source queue (%s): parked messages would come straight back',
    (_, dlqUrl) => {
      const error = configErrorOf({ ...required, DLQ_URL: dlqUrl });

      expect(error.settings).toEqual(['DLQ_URL']);
      expect(error.message).toContain('DLQ_URL must name another queue than SOURCE_QUEUE_URL');
    },
  );

  it('reports several bad optional settings together', () => {
    const environment = { ...required, MAX_ATTEMPTS: 'x', VAULT_TIMEOUT_MS: 'y' };

    const error = configErrorOf(environment);

    expect(error.settings).toEqual(['MAX_ATTEMPTS', 'VAULT_TIMEOUT_MS']);
  });
});
