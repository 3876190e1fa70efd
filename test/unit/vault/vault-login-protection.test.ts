import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import { LoginCircuitOpenError, VaultCredentialsError } from '../../../functions/vault/vault-errors';
import { rejectionOf } from '../../support/caught-error';
import { failure, loginAnswer, vaultJson } from '../../support/scripted-vault-fetch';
import { callContext, gatewayHarness, row, TEST_PASSWORD } from '../../support/vault-gateway-harness';

// Just enough time for a call (timeout 1 s + margin 100 ms) and none to wait for an open breaker.
const noTimeToWait = () => callContext(1_100);

describe('Vault login protection', () => {
  it('sits out an open breaker the invocation can afford, then logs in (soak finding F1)', async () => {
    // Prepare
    let refuse = true;
    const { gateway, clock, calls } = gatewayHarness({
      auth: () => (refuse ? failure('API_LIMIT_EXCEEDED') : loginAnswer('SESSION-2')),
    });
    await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    refuse = false;

    // Act: 60 s left, 1.1 s needed for the call: the 30 s the breaker stays open fit
    const [result] = await gateway.createRelationships([row(548)], callContext(60_000));

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(clock.sleeps).toEqual([30_000]);
    expect(calls('auth')).toHaveLength(2);
  });

  it('holds a call that cannot afford the open breaker for what it can, then refuses with the time still open', async () => {
    // Prepare
    const { gateway, clock, calls } = gatewayHarness({ auth: () => failure('API_LIMIT_EXCEEDED') });
    await rejectionOf(gateway.createRelationships([row(548)], callContext()));

    // Act: 11.1 s left: 10 s may be spent waiting, 20 s of the 30 s open period remain
    const refused = await rejectionOf(gateway.createRelationships([row(548)], callContext(11_100)));

    // Assess
    expect(refused).toBeInstanceOf(LoginCircuitOpenError);
    expect((refused as LoginCircuitOpenError).retryAfterSeconds).toBe(20);
    expect(clock.sleeps).toEqual([10_000]);
    expect(calls('auth')).toHaveLength(1);
  });

  it('opens the login breaker after a refused login, so no login is tried until it closes', async () => {
    // Prepare
    const { gateway, clock, calls } = gatewayHarness({ auth: () => failure('INACTIVE_USER') });

    // Act
    const first = await rejectionOf(gateway.createRelationships([row(548)], callContext()));
    const whileOpen = await rejectionOf(gateway.createRelationships([row(548)], noTimeToWait()));
    clock.advance(29_000);
    const stillOpen = await rejectionOf(gateway.createRelationships([row(548)], noTimeToWait()));
    const loginsWhileOpen = calls('auth').length;
    clock.advance(1_000);
    await rejectionOf(gateway.createRelationships([row(548)], noTimeToWait()));

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
        gateway.createRelationships([row(548)], noTimeToWait()),
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
    const second = await rejectionOf(gateway.createRelationships([row(548)], noTimeToWait()));

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

  it('logs session and login events without a password or session id', async () => {
    // Prepare
    const lines: unknown[][] = [];
    const logger = {
      info: (...args: unknown[]) => lines.push(args),
      warn: (...args: unknown[]) => lines.push(args),
    };
    let logins = 0;
    const harness = gatewayHarness(
      {
        auth: (request) =>
          new URLSearchParams(request.body).get('password') === 'Rotated-Passw0rd!'
            ? loginAnswer(`SESSION-SECRET-${++logins}`)
            : failure('USERNAME_OR_PASSWORD_INCORRECT'),
        single: (request) =>
          request.headers.get('authorization') === 'SESSION-SECRET-1'
            ? failure('INVALID_SESSION_ID')
            : vaultJson({ responseStatus: 'SUCCESS', id: 9 }),
      },
      { logger },
    );
    harness.credentials.rotate('Rotated-Passw0rd!');

    // Act
    await harness.gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(lines.length).toBeGreaterThan(2);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('Rotated-Passw0rd!');
    expect(text).not.toContain('SESSION-SECRET');
  });
});
