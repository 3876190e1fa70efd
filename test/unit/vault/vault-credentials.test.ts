import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import { parseVaultCredentials, validateVaultCredentials } from '../../../functions/vault/vault-credentials';
import { SecretInvalidError } from '../../../functions/vault/vault-errors';

const PASSWORD = 'S3cret-Passw0rd!';
const base = {
  vaultDns: 'promomats-sandbox.veevavault.com',
  username: 'integration@example.com',
  password: PASSWORD,
};

const rejection = (value: unknown): SecretInvalidError => {
  try {
    validateVaultCredentials(value);
  } catch (error) {
    return error as SecretInvalidError;
  }
  throw new Error('expected a rejection');
};

describe('validateVaultCredentials', () => {
  it('resolves the DNS to an https origin', () => {
    // Prepare / act
    const credentials = validateVaultCredentials(base);

    // Assess
    expect(credentials).toEqual({
      vaultDns: 'promomats-sandbox.veevavault.com',
      baseUrl: 'https://promomats-sandbox.veevavault.com',
      username: base.username,
      password: PASSWORD,
    });
  });

  it('sends requests to vaultUrl while the session must still belong to vaultDns', () => {
    // Prepare / act
    const credentials = validateVaultCredentials({
      ...base,
      vaultUrl: 'http://127.0.0.1:8080',
      clientId: 'relay-1.0_a',
    });

    // Assess
    expect(credentials.baseUrl).toBe('http://127.0.0.1:8080');
    expect(credentials.vaultDns).toBe('promomats-sandbox.veevavault.com');
    expect(credentials.clientId).toBe('relay-1.0_a');
  });

  it('takes the DNS from vaultUrl when vaultDns is absent', () => {
    // Prepare / act
    const credentials = validateVaultCredentials({
      username: 'u',
      password: PASSWORD,
      vaultUrl: 'https://MyVault.veevavault.com/',
    });

    // Assess
    expect(credentials.vaultDns).toBe('myvault.veevavault.com');
    expect(credentials.baseUrl).toBe('https://myvault.veevavault.com');
  });

  it.each([
    'http://localhost:9000',
    'http://127.0.0.1:1',
    'http://127.10.0.3',
    'http://[::1]:4000',
    'https://v.example.com',
  ])('accepts vaultUrl %s', (vaultUrl) => {
    // Prepare / act
    const credentials = validateVaultCredentials({ ...base, vaultUrl });

    // Assess
    expect(credentials.baseUrl).toBe(new URL(vaultUrl).origin);
  });

  it.each([
    ['plain http to a remote host', 'http://myvault.veevavault.com'],
    ['plain http to a private address', 'http://10.0.0.5:8080'],
    ['a host that only starts like loopback', 'http://127.0.0.1.evil.com'],
    ['loopback as a user name before a remote host', 'http://localhost@evil.com'],
    ['loopback as user and password before a remote host', 'http://127.0.0.1:80@evil.com'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:7f00:1]'],
    ['another scheme', 'ftp://127.0.0.1'],
    ['a path', 'https://v.example.com/api'],
    ['embedded credentials', 'https://user:pw@v.example.com'],
    ['not a URL', 'myvault'],
  ])('rejects vaultUrl with %s', (_, vaultUrl) => {
    // Prepare / act
    const error = rejection({ ...base, vaultUrl });

    // Assess
    expect(error).toBeInstanceOf(SecretInvalidError);
    expect(error.fields).toEqual(['vaultUrl']);
  });

  it.each([
    ['vaultDns', { ...base, vaultDns: 'https://v.veevavault.com' }],
    ['vaultDns', { username: 'u', password: PASSWORD }],
    ['username', { ...base, username: '' }],
    ['password', { ...base, password: '' }],
    ['password', { ...base, password: 42 }],
    ['clientId', { ...base, clientId: 'has spaces' }],
    ['clientId', { ...base, clientId: 'x'.repeat(101) }],
  ])('names %s when it is wrong', (field, value) => {
    // Prepare / act
    const error = rejection(value);

    // Assess
    expect(error.fields).toContain(field);
    expect(error.message).toContain(field);
  });

  it('accepts a clientId of exactly 100 allowed characters and ignores unknown keys', () => {
    // Prepare / act
    const credentials = validateVaultCredentials({ ...base, clientId: 'a'.repeat(100), engine: 'vault' });

    // Assess
    expect(credentials.clientId).toHaveLength(100);
    expect(credentials).not.toHaveProperty('engine');
  });

  it('is a retryable failure: an operator fixes the secret and the messages go through', () => {
    // Prepare / act
    const error = rejection({ ...base, username: '' });

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.code).toBe('SECRET_INVALID');
  });

  it('never puts the password into the error, whatever is wrong', () => {
    // Prepare
    const broken = [
      { ...base, clientId: PASSWORD },
      { ...base, vaultDns: PASSWORD },
      { ...base, vaultUrl: `http://${PASSWORD}` },
      { ...base, username: ['x'], password: PASSWORD },
    ];

    // Act
    const texts = broken.map((value) => {
      const error = rejection(value);
      return `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
    });

    // Assess
    for (const text of texts) expect(text).not.toContain(PASSWORD);
  });
});

describe('parseVaultCredentials', () => {
  it('parses the secret string', () => {
    // Prepare / act
    const credentials = parseVaultCredentials(JSON.stringify(base));

    // Assess
    expect(credentials.username).toBe(base.username);
  });

  it.each(['{"password": "S3cret-Passw0rd!"', 'S3cret-Passw0rd!', '"S3cret-Passw0rd!"'])(
    'rejects a non-object secret without quoting it: %#',
    (text) => {
      // Prepare / act
      let error: unknown;
      try {
        parseVaultCredentials(text);
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(SecretInvalidError);
      expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    },
  );
});
