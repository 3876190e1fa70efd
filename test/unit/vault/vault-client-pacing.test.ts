import { describe, expect, it } from 'vitest';
import type { BurstPacer } from '../../../functions/vault/burst-pacer';
import { createCallStatsRecorder } from '../../../functions/vault/call-stats';
import { createVaultClient } from '../../../functions/vault/vault-client';
import { VaultUnavailableError } from '../../../functions/vault/vault-errors';

const recordingPacer = () => {
  const events: string[] = [];
  const waits: (number | undefined)[] = [];
  const pacer: BurstPacer = {
    acquire: async (options) => {
      events.push('acquire');
      waits.push(options?.maxWaitMs);
    },
    observe: () => events.push('observe'),
    release: () => events.push('release'),
  };
  return { pacer, events, waits };
};

const clientWith = (pacer: BurstPacer, fetch: typeof globalThis.fetch) =>
  createVaultClient({
    fetch,
    apiVersion: 'v25.2',
    timeoutMs: 1_000,
    safetyMarginMs: 500,
    pacer,
    stats: createCallStatsRecorder(),
  });

const target = { baseUrl: 'http://127.0.0.1:9', clientId: 'relay-test' };
const request = { method: 'POST' as const, path: '/auth', form: { username: 'u' } };
const context = { remainingTimeMs: () => 30_000 };

describe('vault client and the burst pacer', () => {
  it('lets the pacer hold a call only as long as the invocation can spare', async () => {
    const { pacer, waits } = recordingPacer();
    const client = clientWith(pacer, async () => new Response('{"responseStatus":"SUCCESS"}'));

    await client.send(target, request, context);

    expect(waits).toEqual([30_000 - 1_500]);
  });

  it('observes the headers of an answered call and releases nothing', async () => {
    const { pacer, events } = recordingPacer();
    const client = clientWith(pacer, async () => new Response('{"responseStatus":"SUCCESS"}'));

    await client.send(target, request, context);

    expect(events).toEqual(['acquire', 'observe']);
  });

  it('releases the call to the pacer when no response came back', async () => {
    const { pacer, events } = recordingPacer();
    const client = clientWith(pacer, async () => {
      throw new TypeError('fetch failed');
    });

    const error = await client.send(target, request, context).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(VaultUnavailableError);
    expect(events).toEqual(['acquire', 'release']);
  });
});
