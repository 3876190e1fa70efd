import { describe, expect, it } from 'vitest';
import { runDlqInspect } from '../../../cli/commands/dlq-inspect';
import { ExitCode } from '../../../cli/errors';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';
import { drainQueue, queueDepth } from '../../support/queue-drain';

describe('relay dlq inspect against the embedded SQS', () => {
  let sqs: EmbeddedSqs;
  let pairCount = 0;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  const dlqWith = async (specs: Parameters<typeof putDeadLetter>[2][]) => {
    pairCount += 1;
    const pair = await sqs.createQueuePair({ name: `inspect-${pairCount}`, maxReceiveCount: 8 });
    for (const spec of specs) await putDeadLetter(sqs.client, pair.dlqUrl, spec);
    return pair;
  };
  const inspect = async (dlqUrl: string, overrides: { samples?: number; json?: boolean } = {}) => {
    const io = memoryIo();
    const result = await runDlqInspect(
      { dlqUrl, samples: 2, json: false, visibilityTimeoutSeconds: 30, waitTimeSeconds: 0, ...overrides },
      { sqs: sqs.client, io },
    );
    return { ...result, io };
  };

  it('counts by failure code with the oldest and newest failure and a few samples per code', async () => {
    // prepare: 14 messages (more than one receive), three relay codes and one parked by SQS alone
    const specs = [
      ...Array.from({ length: 9 }, (_, i) => ({
        body: aRelationshipBody(100 + i),
        failure: aRelayFailure({ failedAt: `2026-12-01T10:0${i}:00.000Z` }),
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        body: aRelationshipBody(200 + i),
        failure: aRelayFailure({
          code: 'RETRIES_EXHAUSTED',
          category: 'transient',
          message: 'gave up after 5 attempts; last: VAULT_API_LIMIT_EXCEEDED',
          failedAt: `2026-11-30T08:0${i}:00.000Z`,
        }),
      })),
      {
        body: '{"source_doc_id__v":-1}',
        failure: aRelayFailure({ code: 'INVALID_MESSAGE', failedAt: '2026-12-02T00:00:00.000Z' }),
      },
      { body: 'not json at all' },
    ];
    const { dlqUrl } = await dlqWith(specs);

    // act
    const { exitCode, summary, io } = await inspect(dlqUrl);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary.total).toBe(14);
    expect(summary.codes.map((code) => [code.code, code.count])).toEqual([
      ['VAULT_INVALID_DATA', 9],
      ['RETRIES_EXHAUSTED', 3],
      ['INVALID_MESSAGE', 1],
      ['UNKNOWN', 1],
    ]);
    expect(summary.oldestFailedAt).toBe('2026-11-30T08:00:00.000Z');
    const invalidData = summary.codes[0];
    expect(invalidData?.oldestFailedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(invalidData?.newestFailedAt).toBe('2026-12-01T10:08:00.000Z');
    expect(invalidData?.samples).toHaveLength(2);
    expect(invalidData?.samples[0]).toMatchObject({
      code: 'VAULT_INVALID_DATA',
      message: 'Invalid value [99999] for field [target_doc_id__v]',
      documents: { target: '549 v0.2', type: 'supporting_documents__vs' },
    });
    expect(io.stdout.text()).toContain('VAULT_INVALID_DATA  9');
    expect(io.stdout.text()).toContain('(body is not a relationship)');
  });

  it('consumes nothing: afterwards every message is visible again and can still be received', async () => {
    // prepare
    const specs = Array.from({ length: 12 }, (_, i) => ({
      body: aRelationshipBody(300 + i),
      failure: aRelayFailure(),
    }));
    const { dlqUrl } = await dlqWith(specs);

    // act
    await inspect(dlqUrl);
    await inspect(dlqUrl, { json: true });

    // assess: all visible at once (nothing held), and every message comes out again
    expect(await queueDepth(sqs.client, dlqUrl)).toEqual({ visible: 12, inFlight: 0 });
    const drained = await drainQueue(sqs.client, dlqUrl);
    expect(drained.map((message) => JSON.parse(message.Body as string).source_doc_id__v).sort()).toEqual(
      specs.map((_, i) => 300 + i),
    );
    const receiveCounts = drained.map((message) => Number(message.Attributes?.ApproximateReceiveCount));
    expect(Math.max(...receiveCounts)).toBeLessThanOrEqual(3);
  });

  it('prints machine-readable JSON with --json and nothing on stderr', async () => {
    // prepare
    const { dlqUrl } = await dlqWith([
      { body: aRelationshipBody(400), failure: aRelayFailure({ code: 'VAULT_PERMISSION_DENIED' }) },
    ]);

    // act
    const { io } = await inspect(dlqUrl, { json: true });

    // assess
    expect(JSON.parse(io.stdout.text())).toMatchObject({
      dlqUrl,
      total: 1,
      codes: [{ code: 'VAULT_PERMISSION_DENIED', count: 1 }],
    });
    expect(io.stderr.text()).toBe('');
  });

  it('reports an empty DLQ', async () => {
    // prepare
    const { dlqUrl } = await dlqWith([]);

    // act
    const { exitCode, summary, io } = await inspect(dlqUrl);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary.total).toBe(0);
    expect(io.stdout.text()).toContain('0 message(s)');
  });
});
