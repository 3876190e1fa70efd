import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { FakeVault } from '../../../local/fake-vault';
import { API, fakeVaultPerTest, relationshipsPath, send, sessionFor } from '../../support/fake-vault-http';
import { createManualClock } from '../../support/manual-clock';

/** fetch lowercases header names; node:http's rawHeaders shows them as sent. */
const rawHeaderNames = (url: string, sessionId: string) =>
  new Promise<string[]>((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { Authorization: sessionId } }, (incoming) => {
      incoming.resume();
      resolve(incoming.rawHeaders.filter((_, index) => index % 2 === 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

const VAULT_HEADERS = [
  'x-vaultapi-burstlimit',
  'x-vaultapi-burstlimitremaining',
  'x-vaultapi-executionid',
  'x-vaultapi-vaultid',
  'x-vaultapi-userid',
  'x-vaultapi-status',
];

describe('fake Vault headers and burst limit', () => {
  let vault: FakeVault;
  const start = fakeVaultPerTest((started) => {
    vault = started.vault;
  });

  it('sends the X-VaultAPI headers on every answer, success or failure', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    const success = await send(vault, 'GET', relationshipsPath(548, 0, 1), { sessionId });
    const failure = await send(vault, 'GET', relationshipsPath(4, 0, 1), { sessionId });

    for (const reply of [success, failure]) {
      for (const name of VAULT_HEADERS) expect(reply.headers.get(name), name).toBeTruthy();
      expect(reply.headers.get('x-vaultapi-vaultid')).toBe('1776');
      expect(reply.headers.get('x-vaultapi-userid')).toBe('12021');
      expect(reply.headers.get('x-vaultapi-burstlimit')).toBe('2000');
    }
    expect(success.headers.get('x-vaultapi-status')).toBe('SUCCESS');
    expect(failure.headers.get('x-vaultapi-status')).toBe('FAILURE');
    expect(success.headers.get('x-vaultapi-executionid')).not.toBe(
      failure.headers.get('x-vaultapi-executionid'),
    );
  });

  it('omits X-VaultAPI-UserId when no user is known and counts the call against the first vault', async () => {
    await start();

    const reply = await send(vault, 'POST', `${API}/keep-alive`);

    expect(reply.headers.get('x-vaultapi-userid')).toBeNull();
    expect(reply.headers.get('x-vaultapi-vaultid')).toBe('1776');
    expect(reply.headers.get('x-vaultapi-burstlimitremaining')).toBe('1999');
  });

  it('sends header names in mixed case by default and all lowercase when asked', async () => {
    await start();
    const mixed = await rawHeaderNames(`${vault.url}${API}/keep-alive`, await sessionFor(vault));
    await vault.stop();
    await start({ lowercaseHeaders: true });

    const lower = await rawHeaderNames(`${vault.url}${API}/keep-alive`, await sessionFor(vault));

    expect(mixed).toContain('X-VaultAPI-BurstLimitRemaining');
    expect(mixed).toContain('X-VaultAPI-ExecutionId');
    for (const name of VAULT_HEADERS) expect(lower).toContain(name);
    expect(lower.some((name) => /X-VaultAPI/.test(name))).toBe(false);
  });

  it('counts down the budget and, past it, delays every answer with X-VaultAPI-ResponseDelay', async () => {
    await start({ burst: { limit: 3, windowMs: 60_000, delayMs: 20 } });
    const sessionId = await sessionFor(vault);

    const replies = [];
    for (let call = 0; call < 4; call += 1)
      replies.push(await send(vault, 'POST', `${API}/keep-alive`, { sessionId }));

    expect(replies.map((reply) => reply.headers.get('x-vaultapi-burstlimitremaining'))).toEqual([
      '1',
      '0',
      '0',
      '0',
    ]);
    expect(replies.map((reply) => reply.headers.get('x-vaultapi-responsedelay'))).toEqual([
      null,
      null,
      '20',
      '20',
    ]);
    expect(replies.every((reply) => reply.json.responseStatus === 'SUCCESS')).toBe(true);
    expect(vault.burstState()).toMatchObject({ limit: 3, remaining: 0, delayedResponses: 2 });
  });

  it('starts a fresh budget when the fixed window ends', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    await start({ now: clock.now, burst: { limit: 2, windowMs: 300_000, delayMs: 10 } });
    const sessionId = await sessionFor(vault);
    await send(vault, 'POST', `${API}/keep-alive`, { sessionId });
    const delayed = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });

    clock.advance(300_000);
    const fresh = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });

    expect(delayed.headers.get('x-vaultapi-responsedelay')).toBe('10');
    expect(fresh.headers.get('x-vaultapi-responsedelay')).toBeNull();
    expect(fresh.headers.get('x-vaultapi-burstlimitremaining')).toBe('1');
    expect(vault.burstState()).toMatchObject({
      remaining: 1,
      windowStartedAt: clock.now(),
      delayedResponses: 1,
    });
  });

  it('keeps one budget per vault', async () => {
    await start({ burst: { limit: 5 } });
    const clinical = await sessionFor(vault, { vaultDNS: 'clinical-sandbox.veevavault.com' });

    const reply = await send(vault, 'POST', `${API}/keep-alive`, { sessionId: clinical });

    expect(reply.headers.get('x-vaultapi-vaultid')).toBe('1777');
    expect(vault.burstState(1777).remaining).toBe(3);
    expect(vault.burstState(1776).remaining).toBe(5);
  });

  it('counts requests per X-VaultAPI-ClientID so tests can see what the client sent', async () => {
    await start();
    const sessionId = await sessionFor(vault);

    await fetch(`${vault.url}${API}/keep-alive`, {
      method: 'POST',
      headers: { Authorization: sessionId, 'X-VaultAPI-ClientID': 'vault-relationship-relay' },
    });

    expect(vault.clientIds()).toEqual({ 'vault-relationship-relay': 1 });
  });
});
