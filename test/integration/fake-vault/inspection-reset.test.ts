import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type FakeVault } from '../../../local/fake-vault';
import {
  API,
  fakeVaultPerTest,
  login,
  postForm,
  relationshipsPath,
  SEED_EXAMPLE_FORM,
  SEED_EXAMPLE_PATH,
  send,
  sessionFor,
} from '../../support/fake-vault-http';

const CLINICAL_DNS = 'clinical-sandbox.veevavault.com';

describe('fake Vault inspection and reset', () => {
  let vault: FakeVault;
  const start = fakeVaultPerTest((started) => {
    vault = started.vault;
  });
  beforeEach(() => start());

  it('keeps relationships per vault and lists them per vault or all together', async () => {
    const promomats = await sessionFor(vault);
    const clinical = await sessionFor(vault, { vaultDNS: CLINICAL_DNS });

    await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, promomats);
    const inClinical = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, clinical);

    expect(inClinical.json.id).toBe(1);
    expect(vault.relationships(1776).map((row) => row.vaultId)).toEqual([1776]);
    expect(vault.relationships(1777).map((row) => row.vaultId)).toEqual([1777]);
    expect(vault.relationships()).toHaveLength(2);
  });

  it('adds documents to every vault or to one', async () => {
    vault.addDocument(undefined, { id: 2000, versions: [[0, 1]] });
    vault.addDocument(1777, { id: 2001, versions: [[1, 0]] });
    const promomats = await sessionFor(vault);
    const clinical = await sessionFor(vault, { vaultDNS: CLINICAL_DNS });
    const link = { target_doc_id__v: 2000, relationship_type__v: 'references__c' };

    const onPromomats = await postForm(vault, relationshipsPath(2001, 1, 0), link, promomats);
    const onClinical = await postForm(vault, relationshipsPath(2001, 1, 0), link, clinical);

    expect(onPromomats.json.errors[0].type).toBe('INVALID_DATA');
    expect(onClinical.json.responseStatus).toBe('SUCCESS');
  });

  it('refuses an invalid added document with a clear message', () => {
    expect(() => vault.addDocument(undefined, { id: -1, versions: [] })).toThrow(/versions/);
  });

  it('reset() returns to the state right after start', async () => {
    const sessionId = await sessionFor(vault);
    vault.addDocument(undefined, { id: 2000, versions: [[0, 1]] });
    await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);
    vault.setPassword(DEFAULT_USER.username, 'Rotated-Passw0rd!');
    await login(vault);
    vault.injectFaults('create_single', ['exception']);

    vault.reset();

    expect(vault.relationships()).toEqual([]);
    expect(vault.calls()).toEqual({});
    expect(vault.burstState()).toMatchObject({ limit: 2000, remaining: 2000, delayedResponses: 0 });
    expect(vault.loginFailures()).toBe(0);
    expect(vault.faultsInjected()).toEqual([]);
    expect(vault.sessionCount()).toBe(0);
    const stale = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });
    expect(stale.json.errors[0].type).toBe('INVALID_SESSION_ID');
    const fresh = await sessionFor(vault);
    const recreated = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, fresh);
    expect(recreated.json).toMatchObject({ responseStatus: 'SUCCESS', id: 1 });
    const added = await postForm(vault, relationshipsPath(2000, 0, 1), SEED_EXAMPLE_FORM, fresh);
    expect(added.json.errors[0].type).toBe('INVALID_DATA');
  });
});
