import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import {
  LoginCircuitOpenError,
  VaultCredentialsError,
  VaultSessionExpiredError,
  WrongVaultError,
} from '../../../functions/vault/vault-errors';
import { failure, loginAnswer, vaultJson } from '../../support/scripted-vault-fetch';
import { callContext, gatewayHarness, row, TEST_PASSWORD } from '../../support/vault-gateway-harness';

const HOUR = 3_600_000;

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

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

  it('opens the login breaker after a refused login, so no login is tried until it closes', async () => {
    // Prepare
    const { gateway, clock, calls } = gatewayHarness({ auth: () => failure('INACTIVE_USER') });

    // Act
    const first = await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    const whileOpen = await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    clock.advance(29_000);
    const stillOpen = await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    const loginsWhileOpen = calls('auth').length;
    clock.advance(1_000);
    await rejectionOf(gateway.createRelationships([row(548)], callContext()));

    // Assess
    expect(first).toBeInstanceOf(VaultCredentialsError);
    expect(whileOpen).toBeInstanceOf(LoginCircuitOpenError);
    expect(whileOpen).toBeInstanceOf(RetryableError);
    expect((whileOpen as LoginCircuitOpenError).retryAfterSeconds).toBe(30);
    expect((stillOpen as LoginCircuitOpenError).retryAfterSeconds).toBe(1);
    expect(loginsWhileOpen).toBe(1);
    expect(calls('auth')).toHaveLength(2);
  });

  it('never sends a password Vault called incorrect again, until the secret changes', async () => {
    // Prepare
    const harness = gatewayHarness({ auth: () => failure('USERNAME_OR_PASSWORD_INCORRECT') });

    // Act
    const errors: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      errors.push(await rejectionOf(harness.gateway.createRelationships([row(548)], callContext())));
      harness.clock.advance(60 * 60_000);
    }
    harness.credentials.rotate('Another-Passw0rd');
    await rejectionOf(harness.gateway.createRelationships([row(548)], callContext()));

    // Assess
    expect(errors.every((error) => error instanceof VaultCredentialsError)).toBe(true);
    expect(harness.calls('auth').map((request) => new URLSearchParams(request.body).get('password'))).toEqual(
      [TEST_PASSWORD, 'Another-Passw0rd'],
    );
  });

  it('doubles the breaker period on each consecutive failure, up to the cap', async () => {
    // Prepare
    const { gateway, clock } = gatewayHarness(
      { auth: () => failure('USER_LOCKED_OUT') },
      { loginBreakerOpenMs: 10_000, loginBreakerMaxOpenMs: 25_000 },
    );
    const waits: number[] = [];

    // Act
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await rejectionOf(gateway.createRelationships([row(548)], callContext()));
      const open = (await rejectionOf(
        gateway.createRelationships([row(548)], callContext()),
      )) as LoginCircuitOpenError;
      waits.push(open.retryAfterSeconds as number);
      clock.advance((open.retryAfterSeconds as number) * 1_000);
    }

    // Assess
    expect(waits).toEqual([10, 20, 25]);
  });

  it('opens the breaker on API_LIMIT_EXCEEDED at login as well', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({ auth: () => failure('API_LIMIT_EXCEEDED') });

    // Act
    await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    const second = await rejectionOf(gateway.createRelationships([row(548)], callContext()));

    // Assess
    expect(second).toBeInstanceOf(LoginCircuitOpenError);
    expect(calls('auth')).toHaveLength(1);
  });

  it('re-reads a rotated secret once and logs in with the new password', async () => {
    // Prepare
    const harness = gatewayHarness({
      auth: (request) =>
        new URLSearchParams(request.body).get('password') === 'New-Passw0rd!'
          ? loginAnswer('SESSION-NEW')
          : failure('USERNAME_OR_PASSWORD_INCORRECT'),
    });
    harness.credentials.rotate('New-Passw0rd!');

    // Act
    const [result] = await harness.gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(harness.calls('auth')).toHaveLength(2);
    expect(harness.credentials.counts.refreshes).toBe(1);
    expect(harness.calls('single')[0]?.headers.get('authorization')).toBe('SESSION-NEW');
  });

  it('does not log in again when the re-read secret has the same password', async () => {
    // Prepare
    const harness = gatewayHarness({ auth: () => failure('USERNAME_OR_PASSWORD_INCORRECT') });

    // Act
    const error = await rejectionOf(harness.gateway.createRelationships([row(548)], callContext()));

    // Assess
    expect(error).toBeInstanceOf(VaultCredentialsError);
    expect(harness.credentials.counts.refreshes).toBe(1);
    expect(harness.calls('auth')).toHaveLength(1);
  });

  it('does not open the breaker when there was no time left to log in', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness();

    // Act
    await rejectionOf(gateway.createRelationships([row(548)], callContext(500)));
    const [result] = await gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(calls('auth')).toHaveLength(1);
  });
});

describe('Vault errors carry no secrets', () => {
  const serialised = (error: unknown) =>
    `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)}`;

  it.each([
    [
      'a refused password',
      { auth: () => failure('USERNAME_OR_PASSWORD_INCORRECT', `bad password ${TEST_PASSWORD}`) },
    ],
    ['a session for another vault', { auth: () => loginAnswer('SESSION-SECRET-ID', 'other.veevavault.com') }],
    [
      'an expired session',
      {
        auth: () => loginAnswer('SESSION-SECRET-ID'),
        single: () => failure('INVALID_SESSION_ID', 'SESSION-SECRET-ID expired'),
      },
    ],
    [
      'a 502 page',
      {
        auth: () => loginAnswer('SESSION-SECRET-ID'),
        single: () => new Response('<html>502</html>', { status: 502 }),
      },
    ],
    [
      'a network error',
      {
        auth: () => loginAnswer('SESSION-SECRET-ID'),
        single: () => Promise.reject(new TypeError('fetch failed')),
      },
    ],
    [
      'a data error',
      {
        auth: () => loginAnswer('SESSION-SECRET-ID'),
        single: () => failure('INVALID_DATA', 'Invalid document id [548].'),
      },
    ],
  ])('after %s', async (_, routes) => {
    // Prepare
    const { gateway } = gatewayHarness(routes as never);

    // Act
    let error: unknown;
    try {
      const [result] = await gateway.createRelationships([row(548)], callContext());
      error = (result as PromiseRejectedResult).reason;
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(Error);
    const text = serialised(error);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('SESSION-SECRET-ID');
  });
});

describe('Vault session after a refused login', () => {
  it('re-reads the secret before the next attempt instead of retrying the known-bad password', async () => {
    // Prepare
    const harness = gatewayHarness({
      auth: (request) =>
        new URLSearchParams(request.body).get('password') === 'Rotated-Passw0rd!'
          ? loginAnswer('SESSION-NEW')
          : failure('USERNAME_OR_PASSWORD_INCORRECT'),
    });
    await harness.gateway.createRelationships([row(548)], callContext()).catch(() => undefined);
    harness.credentials.rotate('Rotated-Passw0rd!');
    harness.clock.advance(30_000);

    // Act
    const [result] = await harness.gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(harness.calls('auth').map((request) => new URLSearchParams(request.body).get('password'))).toEqual(
      [TEST_PASSWORD, 'Rotated-Passw0rd!'],
    );
    expect(harness.credentials.counts.refreshes).toBe(2);
  });
});
