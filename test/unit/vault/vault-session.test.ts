import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import { VaultSessionExpiredError, WrongVaultError } from '../../../functions/vault/vault-errors';
import { rejectionOf } from '../../support/caught-error';
import { failure, loginAnswer, type SentRequest, vaultJson } from '../../support/scripted-vault-fetch';
import { callContext, gatewayHarness, row, TEST_PASSWORD } from '../../support/vault-gateway-harness';

const HOUR = 3_600_000;

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

describe('Vault session', () => {
  it('logs in once and reuses the session across calls and invocations', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness();

    // Act
    await gateway.createRelationships([row(548)], callContext());
    await gateway.createRelationships([row(550), row(552)], callContext());

    // Assess
    expect(calls('auth')).toHaveLength(1);
    expect(
      [...calls('single'), ...calls('bulk')].map((request) => request.headers.get('authorization')),
    ).toEqual(['SESSION-A', 'SESSION-A']);
  });

  it('sends username, password and the configured vaultDNS form-encoded to /auth', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness();

    // Act
    await gateway.createRelationships([row(548)], callContext());

    // Assess
    const [auth] = calls('auth');
    expect(auth?.method).toBe('POST');
    expect(auth?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(auth?.body))).toEqual({
      username: 'integration@promomats-sandbox.com',
      password: TEST_PASSWORD,
      vaultDNS: 'promomats-sandbox.veevavault.com',
    });
  });

  it('shares one in-flight login between concurrent callers', async () => {
    // Prepare
    const login = deferred<Response>();
    const { gateway, calls } = gatewayHarness({ auth: () => login.promise });

    // Act
    const pending = [1, 2, 3].map((index) =>
      gateway.createRelationships([row(500 + index * 2)], callContext()),
    );
    login.resolve(loginAnswer('SESSION-A'));
    const results = await Promise.all(pending);

    // Assess
    expect(calls('auth')).toHaveLength(1);
    expect(results.flat().every((result) => result.status === 'fulfilled')).toBe(true);
  });

  it('logs in again once on INVALID_SESSION_ID and repeats the call', async () => {
    // Prepare
    let logins = 0;
    let creates = 0;
    const { gateway, calls } = gatewayHarness({
      auth: () => loginAnswer(`SESSION-${++logins}`),
      single: () =>
        ++creates === 2 ? failure('INVALID_SESSION_ID') : vaultJson({ responseStatus: 'SUCCESS', id: 77 }),
    });
    await gateway.createRelationships([row(548)], callContext());

    // Act
    const [result] = await gateway.createRelationships([row(550)], callContext());

    // Assess
    expect(result).toEqual({ status: 'fulfilled', value: { kind: 'created', id: 77 } });
    expect(calls('auth')).toHaveLength(2);
    expect(calls('single').map((request) => request.headers.get('authorization'))).toEqual([
      'SESSION-1',
      'SESSION-1',
      'SESSION-2',
    ]);
  });

  it('gives up after one re-login when the new session is refused too', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({ single: () => failure('INVALID_SESSION_ID') });

    // Act
    const [result] = await gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(result?.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(VaultSessionExpiredError);
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(RetryableError);
    expect(calls('auth')).toHaveLength(2);
    expect(calls('single')).toHaveLength(2);
  });

  it('renews the session before Vault’s 48 h limit', async () => {
    // Prepare
    let logins = 0;
    const { gateway, clock, calls } = gatewayHarness(
      { auth: () => loginAnswer(`SESSION-${++logins}`) },
      { sessionIdleRenewMs: 100 * HOUR },
    );
    await gateway.createRelationships([row(548)], callContext());

    // Act
    clock.advance(46 * HOUR);
    await gateway.createRelationships([row(550)], callContext());
    clock.advance(1 * HOUR);
    await gateway.createRelationships([row(552)], callContext());

    // Assess
    expect(calls('auth')).toHaveLength(2);
    expect(calls('single').map((request) => request.headers.get('authorization'))).toEqual([
      'SESSION-1',
      'SESSION-1',
      'SESSION-2',
    ]);
  });

  it('renews the session after the configured idle period, not before', async () => {
    // Prepare
    const { gateway, clock, calls } = gatewayHarness({}, { sessionIdleRenewMs: 60_000 });
    await gateway.createRelationships([row(548)], callContext());

    // Act
    clock.advance(59_000);
    await gateway.createRelationships([row(550)], callContext());
    const loginsWhileBusy = calls('auth').length;
    clock.advance(60_000);
    await gateway.createRelationships([row(552)], callContext());

    // Assess
    expect(loginsWhileBusy).toBe(1);
    expect(calls('auth')).toHaveLength(2);
  });

  it('refuses a session for another vault, ends it and writes nothing', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({
      auth: () => loginAnswer('SESSION-WRONG', 'clinical-sandbox.veevavault.com'),
    });

    // Act
    const error = await rejectionOf(gateway.createRelationships([row(548), row(550)], callContext()));

    // Assess
    expect(error).toBeInstanceOf(WrongVaultError);
    expect((error as WrongVaultError).message).toContain('clinical-sandbox.veevavault.com');
    expect(calls('single')).toHaveLength(0);
    expect(calls('bulk')).toHaveLength(0);
    const [ended] = calls('session');
    expect(ended?.method).toBe('DELETE');
    expect(ended?.headers.get('authorization')).toBe('SESSION-WRONG');
  });

  it.each([
    ['no vaultIds', { responseStatus: 'SUCCESS', sessionId: 'S', vaultId: 1776 }],
    [
      'no entry for vaultId',
      {
        responseStatus: 'SUCCESS',
        sessionId: 'S',
        vaultId: 9,
        vaultIds: [{ id: 1776, url: 'https://promomats-sandbox.veevavault.com/api' }],
      },
    ],
    [
      'a url that is not a URL',
      { responseStatus: 'SUCCESS', sessionId: 'S', vaultId: 1776, vaultIds: [{ id: 1776, url: 'nope' }] },
    ],
  ])('refuses a session it cannot place: %s', async (_, body) => {
    // Prepare
    const { gateway, calls } = gatewayHarness({ auth: () => vaultJson(body) });

    // Act
    const error = await rejectionOf(gateway.createRelationships([row(548)], callContext()));

    // Assess
    expect(error).toBeInstanceOf(WrongVaultError);
    expect(calls('single')).toHaveLength(0);
  });
});

describe('Vault session when the secret names another vault', () => {
  const OTHER_DNS = 'clinical-sandbox.veevavault.com';
  // Each login answers with a session on the vault it was asked for, like Vault does for a user on both.
  const loginForAskedVault = (request: SentRequest) => {
    const dns = new URLSearchParams(request.body).get('vaultDNS') ?? '';
    return loginAnswer(dns === OTHER_DNS ? 'SESSION-B' : 'SESSION-A', dns);
  };

  it('drops the live session and logs in to the vault the re-read secret names before writing again', async () => {
    // Prepare
    const { gateway, calls, credentials } = gatewayHarness({ auth: loginForAskedVault });
    await gateway.createRelationships([row(548)], callContext());
    const original = credentials.source.get;
    credentials.source.get = async () => ({
      ...(await original()),
      vaultDns: OTHER_DNS,
      baseUrl: `https://${OTHER_DNS}`,
    });

    // Act
    await gateway.createRelationships([row(550)], callContext());

    // Assess
    expect(calls('auth')).toHaveLength(2);
    const [first, second] = calls('single');
    expect(first?.url.startsWith('https://promomats-sandbox.veevavault.com/')).toBe(true);
    expect(second?.url.startsWith(`https://${OTHER_DNS}/`)).toBe(true);
    expect(second?.headers.get('authorization')).toBe('SESSION-B');
  });

  it('keeps writing on the live session while the secret cannot be read', async () => {
    // Prepare
    const { gateway, calls, credentials } = gatewayHarness();
    await gateway.createRelationships([row(548)], callContext());
    credentials.source.get = async () => {
      throw new RetryableError('SECRET_UNAVAILABLE', 'Secrets Manager is down');
    };

    // Act
    const results = await gateway.createRelationships([row(550)], callContext());

    // Assess
    expect(results[0]?.status).toBe('fulfilled');
    expect(calls('auth')).toHaveLength(1);
    expect(calls('single')).toHaveLength(2);
  });
});
