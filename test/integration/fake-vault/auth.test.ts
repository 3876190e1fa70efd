import { describe, expect, it } from 'vitest';
import { DEFAULT_USER, type FakeVault } from '../../../local/fake-vault';
import { API, fakeVaultPerTest, login, postForm, send, sessionFor } from '../../support/fake-vault-http';

const CLINICAL_DNS = 'clinical-sandbox.veevavault.com';

describe('fake Vault /auth', () => {
  let vault: FakeVault;
  const start = fakeVaultPerTest((started) => {
    vault = started.vault;
  });

  it('answers SUCCESS with sessionId, userId, vaultIds and vaultId in the documented shape', async () => {
    await start();

    const reply = await login(vault);

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      responseStatus: 'SUCCESS',
      sessionId: expect.stringMatching(/^[0-9A-F]{64,}$/),
      userId: 12021,
      vaultIds: [
        { id: 1776, name: 'PromoMats Sandbox', url: 'https://promomats-sandbox.veevavault.com/api' },
        { id: 1777, name: 'Clinical Sandbox', url: `https://${CLINICAL_DNS}/api` },
      ],
      vaultId: 1776,
    });
  });

  it('selects the vault named by vaultDNS (bare host or URL)', async () => {
    await start();

    const bare = await login(vault, { vaultDNS: CLINICAL_DNS });
    const asUrl = await login(vault, { vaultDNS: `https://${CLINICAL_DNS}/` });

    expect(bare.json.vaultId).toBe(1777);
    expect(asUrl.json.vaultId).toBe(1777);
  });

  it('answers a wrong password with HTTP 200 FAILURE USERNAME_OR_PASSWORD_INCORRECT and counts it', async () => {
    await start();

    const reply = await login(vault, { password: 'wrong' });

    expect(reply.status).toBe(200);
    expect(reply.json.responseStatus).toBe('FAILURE');
    expect(reply.json.errors[0].type).toBe('USERNAME_OR_PASSWORD_INCORRECT');
    expect(reply.headers.get('x-vaultapi-status')).toBe('FAILURE');
    expect(vault.loginFailures(DEFAULT_USER.username)).toBe(1);
    expect(vault.loginFailures()).toBe(1);
  });

  it('answers an unknown user like a wrong password', async () => {
    await start();

    const reply = await login(vault, { username: 'nobody@example.com' });

    expect(reply.json.errors[0].type).toBe('USERNAME_OR_PASSWORD_INCORRECT');
  });

  it('answers a missing password with NO_PASSWORD_PROVIDED', async () => {
    await start();

    const reply = await postForm(vault, `${API}/auth`, { username: DEFAULT_USER.username });

    expect(reply.status).toBe(200);
    expect(reply.json.errors[0].type).toBe('NO_PASSWORD_PROVIDED');
  });

  it('locks the user out after N wrong passwords, even for the right password afterwards', async () => {
    await start({ lockoutAfterFailures: 3 });
    for (let attempt = 0; attempt < 3; attempt += 1) await login(vault, { password: 'wrong' });

    const reply = await login(vault);

    expect(reply.status).toBe(200);
    expect(reply.json.errors[0].type).toBe('USER_LOCKED_OUT');
    expect(vault.loginFailures(DEFAULT_USER.username)).toBe(3);
  });

  it('resets the failure count on a successful login', async () => {
    await start({ lockoutAfterFailures: 3 });
    await login(vault, { password: 'wrong' });
    await login(vault, { password: 'wrong' });

    await sessionFor(vault);

    expect(vault.loginFailures(DEFAULT_USER.username)).toBe(0);
  });

  it('answers an inactive user with INACTIVE_USER', async () => {
    await start({ users: [{ ...DEFAULT_USER, active: false }] });

    const reply = await login(vault);

    expect(reply.json.responseStatus).toBe('FAILURE');
    expect(reply.json.errors[0].type).toBe('INACTIVE_USER');
  });

  it('answers a user whose password expired with PASSWORD_CHANGE_REQUIRED', async () => {
    await start({ users: [{ ...DEFAULT_USER, passwordChangeRequired: true }] });

    const reply = await login(vault);

    expect(reply.json.errors[0].type).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('defaults to the user’s first vault when the requested DNS is out of reach (auth defaulting)', async () => {
    await start({ users: [{ ...DEFAULT_USER, vaultIds: [1777] }] });

    const reply = await login(vault, { vaultDNS: vault.dns });

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.vaultId).toBe(1777);
    expect(reply.json.vaultIds).toEqual([
      { id: 1777, name: 'Clinical Sandbox', url: `https://${CLINICAL_DNS}/api` },
    ]);
  });

  it('defaults to the first vault when the DNS is unknown', async () => {
    await start();

    const reply = await login(vault, { vaultDNS: 'typo-sandbox.veevavault.com' });

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.vaultId).toBe(1776);
  });

  it('answers API_LIMIT_EXCEEDED past the per-minute login limit per user and DNS', async () => {
    await start({ loginsPerMinute: 2 });
    await sessionFor(vault);
    await sessionFor(vault);

    const limited = await login(vault);
    const otherDns = await login(vault, { vaultDNS: CLINICAL_DNS });

    expect(limited.status).toBe(200);
    expect(limited.json.errors[0].type).toBe('API_LIMIT_EXCEEDED');
    expect(otherDns.json.responseStatus).toBe('SUCCESS');
  });

  it('lets the login limit recover in the next minute', async () => {
    let time = Date.UTC(2026, 0, 1);
    await start({ loginsPerMinute: 1, now: () => time });
    await sessionFor(vault);
    expect((await login(vault)).json.errors[0].type).toBe('API_LIMIT_EXCEEDED');

    time += 60_000;
    const reply = await login(vault);

    expect(reply.json.responseStatus).toBe('SUCCESS');
  });

  it('lets a user without API access log in but answers INSUFFICIENT_ACCESS elsewhere', async () => {
    await start({ users: [{ ...DEFAULT_USER, apiAccess: false }] });

    const sessionId = await sessionFor(vault);
    const reply = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });

    expect(reply.json.responseStatus).toBe('FAILURE');
    expect(reply.json.errors[0].type).toBe('INSUFFICIENT_ACCESS');
  });

  it('refuses the old password after setPassword (rotation) and accepts the new one', async () => {
    await start();
    vault.setPassword(DEFAULT_USER.username, 'Rotated-Passw0rd!');

    const old = await login(vault);
    const rotated = await login(vault, { password: 'Rotated-Passw0rd!' });

    expect(old.json.errors[0].type).toBe('USERNAME_OR_PASSWORD_INCORRECT');
    expect(rotated.json.responseStatus).toBe('SUCCESS');
  });

  it('counts logins as calls to the auth route', async () => {
    await start();

    await login(vault);
    await login(vault, { password: 'wrong' });

    expect(vault.calls().auth).toBe(2);
  });
});
