import { afterEach, describe, expect, it } from 'vitest';
import { type FakeVault, type FakeVaultOptions, startFakeVault } from '../../../local/fake-vault';
import {
  API,
  fakeVaultPerTest,
  postForm,
  SEED_EXAMPLE_FORM,
  SEED_EXAMPLE_PATH,
  send,
  sessionFor,
} from '../../support/fake-vault-http';

describe('fake Vault fault injection', () => {
  let vault: FakeVault;
  let sessionId: string;
  const start = fakeVaultPerTest((started) => ({ vault, sessionId } = started), { withSession: true });

  const createExample = () => postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);

  it('applies scripted faults to the next N calls of that route only, then answers normally', async () => {
    await start();
    vault.injectFaults('create_single', ['exception', 'unexpected_error']);

    const keepAlive = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });
    const first = await createExample();
    const second = await createExample();
    const third = await createExample();

    expect(keepAlive.json.responseStatus).toBe('SUCCESS');
    expect(first.status).toBe(200);
    expect(first.json.responseStatus).toBe('EXCEPTION');
    expect(second.json).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'UNEXPECTED_ERROR' }] });
    expect(third.json).toMatchObject({ responseStatus: 'SUCCESS', id: 1 });
    expect(vault.relationships()).toHaveLength(1);
    expect(vault.faultsInjected()).toEqual([
      { route: 'create_single', kind: 'exception', source: 'scripted' },
      { route: 'create_single', kind: 'unexpected_error', source: 'scripted' },
    ]);
  });

  it('latency: answers normally, later', async () => {
    await start({ faultLatencyMs: 20 });
    vault.injectFaults('create_single', ['latency']);

    const reply = await createExample();

    expect(reply.json).toMatchObject({ responseStatus: 'SUCCESS', id: 1 });
    expect(vault.faultsInjected()[0]?.kind).toBe('latency');
  });

  it('api_limit: FAILURE API_LIMIT_EXCEEDED with HTTP 200, nothing created', async () => {
    await start();
    vault.injectFaults('create_single', ['api_limit']);

    const reply = await createExample();

    expect(reply.status).toBe(200);
    expect(reply.json.errors[0].type).toBe('API_LIMIT_EXCEEDED');
    expect(vault.relationships()).toEqual([]);
  });

  it('invalid_session: FAILURE INVALID_SESSION_ID and the session is really gone', async () => {
    await start();
    vault.injectFaults('create_bulk', ['invalid_session']);

    const reply = await send(vault, 'POST', `${API}/objects/documents/relationships/batch`, {
      sessionId,
      contentType: 'application/json',
      body: '[]',
    });
    const after = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });

    expect(reply.json.errors[0].type).toBe('INVALID_SESSION_ID');
    expect(after.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it.each([
    ['http_502', 502],
    ['http_503', 503],
  ] as const)('%s: an HTML page with HTTP %i and no Vault headers', async (kind, status) => {
    await start();
    vault.injectFaults('create_single', [kind]);

    const reply = await createExample();

    expect(reply.status).toBe(status);
    expect(reply.headers.get('content-type')).toBe('text/html');
    expect(reply.json).toBeUndefined();
    expect(reply.headers.get('x-vaultapi-burstlimit')).toBeNull();
    expect(vault.relationships()).toEqual([]);
  });

  it('reset: the connection is destroyed before anything is created', async () => {
    await start();
    vault.injectFaults('create_single', ['reset']);

    const outcome = await createExample().then(
      () => 'answered',
      (error: Error) => error.name,
    );

    expect(outcome).toBe('TypeError');
    expect(vault.relationships()).toEqual([]);
    expect(vault.calls().create_single).toBe(1);
  });

  it('hang: no answer ever comes; the client has to give up', async () => {
    await start();
    vault.injectFaults('create_single', ['hang']);

    const outcome = await fetch(`${vault.url}${SEED_EXAMPLE_PATH}`, {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        target_doc_id__v: '548',
        relationship_type__v: 'supporting_documents__vs',
      }),
      signal: AbortSignal.timeout(200),
    }).then(
      () => 'answered',
      (error: Error) => error.name,
    );

    expect(outcome).toBe('TimeoutError');
    expect(vault.relationships()).toEqual([]);
  });

  it('stop() ends hung connections instead of waiting for them', async () => {
    await start();
    vault.injectFaults('create_single', ['hang']);
    const pending = createExample().then(
      () => 'answered',
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    await vault.stop();

    expect(await pending).toBe('connection closed');
  });

  it('refuses unknown fault kinds', async () => {
    await start();

    expect(() => vault.injectFaults('create_single', ['meteor' as never])).toThrow(/meteor/);
  });
});

describe('fake Vault random faults', () => {
  const vaults: FakeVault[] = [];
  afterEach(async () => {
    await Promise.all(vaults.splice(0).map((vault) => vault.stop()));
  });

  /** Logs in, then sends 40 keep-alives; returns what each answer looked like. */
  const run = async (options: FakeVaultOptions) => {
    const vault = await startFakeVault(options);
    vaults.push(vault);
    const sessionId = await sessionFor(vault);
    const seen: string[] = [];
    for (let call = 0; call < 40; call += 1) {
      const reply = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });
      seen.push(
        reply.json ? `${reply.json.responseStatus}:${reply.json.errors?.[0]?.type ?? ''}` : `${reply.status}`,
      );
    }
    return { vault, seen };
  };

  const kinds = ['exception', 'unexpected_error', 'api_limit', 'http_503', 'latency'] as const;

  it('repeats exactly for the same seed and differs for another seed', async () => {
    const first = await run({ faults: { seed: 42, rate: 0.4, kinds: [...kinds] }, faultLatencyMs: 1 });
    const second = await run({ faults: { seed: 42, rate: 0.4, kinds: [...kinds] }, faultLatencyMs: 1 });
    const other = await run({ faults: { seed: 7, rate: 0.4, kinds: [...kinds] }, faultLatencyMs: 1 });

    expect(second.seen).toEqual(first.seen);
    expect(second.vault.faultsInjected()).toEqual(first.vault.faultsInjected());
    expect(other.vault.faultsInjected()).not.toEqual(first.vault.faultsInjected());
    const injected = first.vault.faultsInjected();
    expect(injected.length).toBeGreaterThan(5);
    expect(injected.length).toBeLessThan(35);
    expect(injected.every((fault) => fault.source === 'random' && fault.route === 'keep_alive')).toBe(true);
  });

  it('leaves /auth alone unless routes say otherwise', async () => {
    const vault = await startFakeVault({ faults: { seed: 1, rate: 1, kinds: ['exception'] } });
    vaults.push(vault);

    const sessionId = await sessionFor(vault);
    const reply = await send(vault, 'POST', `${API}/keep-alive`, { sessionId });

    expect(reply.json.responseStatus).toBe('EXCEPTION');
  });

  it('replays the same sequence after reset()', async () => {
    const first = await run({ faults: { seed: 99, rate: 0.5, kinds: ['unexpected_error', 'api_limit'] } });
    const before = first.vault.faultsInjected();

    first.vault.reset();
    const sessionId = await sessionFor(first.vault);
    for (let call = 0; call < 40; call += 1)
      await send(first.vault, 'POST', `${API}/keep-alive`, { sessionId });

    expect(first.vault.faultsInjected()).toEqual(before);
  });
});
