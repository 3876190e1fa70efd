import { describe, expect, it } from 'vitest';
import type { FakeVault } from '../../../local/fake-vault';
import { API, fakeVaultPerTest, relationshipsPath, send, sessionFor } from '../../support/fake-vault-http';
import { createManualClock } from '../../support/manual-clock';

const MINUTE = 60_000;

describe('fake Vault sessions', () => {
  let vault: FakeVault;
  const start = fakeVaultPerTest((started) => {
    vault = started.vault;
  });

  const keepAlive = (sessionId: string) => send(vault, 'POST', `${API}/keep-alive`, { sessionId });

  it('accepts the session id plain and with a Bearer prefix', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const plain = await send(vault, 'GET', relationshipsPath(548, 0, 1), { authorization: sessionId });
    const bearer = await send(vault, 'GET', relationshipsPath(548, 0, 1), {
      authorization: `Bearer ${sessionId}`,
    });

    expect(plain.json.responseStatus).toBe('SUCCESS');
    expect(bearer.json.responseStatus).toBe('SUCCESS');
  });

  it('answers INVALID_SESSION_ID with HTTP 200 for a missing or unknown session', async () => {
    await start();

    const missing = await send(vault, 'GET', relationshipsPath(548, 0, 1));
    const unknown = await send(vault, 'GET', relationshipsPath(548, 0, 1), { sessionId: 'NOT-A-SESSION' });

    expect(missing.status).toBe(200);
    expect(missing.json.errors[0].type).toBe('INVALID_SESSION_ID');
    expect(unknown.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it('expires a session after the inactivity timeout, counted from the last request', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    await start({ now: clock.now, sessionIdleTimeoutMs: 10 * MINUTE });
    const sessionId = await sessionFor(vault);
    clock.advance(9 * MINUTE);
    const stillAlive = await keepAlive(sessionId);

    clock.advance(9 * MINUTE);
    const afterActivity = await keepAlive(sessionId);
    clock.advance(10 * MINUTE + 1);
    const expired = await keepAlive(sessionId);

    expect(stillAlive.json.responseStatus).toBe('SUCCESS');
    expect(afterActivity.json.responseStatus).toBe('SUCCESS');
    expect(expired.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it('expires a busy session at its absolute lifetime', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    await start({ now: clock.now, sessionIdleTimeoutMs: 10 * MINUTE, sessionMaxLifetimeMs: 30 * MINUTE });
    const sessionId = await sessionFor(vault);
    for (let step = 0; step < 3; step += 1) {
      clock.advance(9 * MINUTE);
      expect((await keepAlive(sessionId)).json.responseStatus).toBe('SUCCESS');
    }

    clock.advance(3 * MINUTE + 1);
    const reply = await keepAlive(sessionId);

    expect(reply.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it('expires sessions on the real clock with millisecond timeouts', async () => {
    await start({ sessionIdleTimeoutMs: 50 });
    const sessionId = await sessionFor(vault);

    await new Promise((resolve) => setTimeout(resolve, 120));
    const reply = await keepAlive(sessionId);

    expect(reply.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it('ends a session on DELETE /session', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const ended = await send(vault, 'DELETE', `${API}/session`, { sessionId });
    const after = await keepAlive(sessionId);

    expect(ended.json.responseStatus).toBe('SUCCESS');
    expect(after.json.errors[0].type).toBe('INVALID_SESSION_ID');
    expect(vault.calls()).toMatchObject({ session_delete: 1, keep_alive: 1 });
  });

  it('lists API versions on GET /api/ with URLs on the session’s vault', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const reply = await send(vault, 'GET', '/api/', { sessionId });

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.values['v25.2']).toBe('https://promomats-sandbox.veevavault.com/api/v25.2');
    expect(reply.json.values['v21.1']).toBeDefined();
  });

  it('serves any /api/vNN.N/ version, including the seed page’s v15.0', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const reply = await send(vault, 'GET', '/api/v15.0/objects/documents/548/versions/0/1/relationships', {
      sessionId,
    });

    expect(reply.json.responseStatus).toBe('SUCCESS');
  });

  it('answers MALFORMED_URL for unknown paths and METHOD_NOT_SUPPORTED for a wrong method', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const unknown = await send(vault, 'GET', `${API}/objects/binders`, { sessionId });
    const noVersion = await send(vault, 'GET', '/api/latest/auth', { sessionId });
    const wrongMethod = await send(vault, 'GET', `${API}/auth`, { sessionId });

    expect(unknown.json.errors[0].type).toBe('MALFORMED_URL');
    expect(noVersion.json.errors[0].type).toBe('MALFORMED_URL');
    expect(wrongMethod.json.errors[0].type).toBe('METHOD_NOT_SUPPORTED');
  });

  it('reports live sessions through sessionCount()', async () => {
    await start();
    await sessionFor(vault);
    await sessionFor(vault);

    expect(vault.sessionCount()).toBe(2);
  });
});
