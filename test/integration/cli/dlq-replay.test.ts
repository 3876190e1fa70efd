import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type ReplayOptions, runDlqReplay } from '../../../cli/commands/dlq-replay';
import { ExitCode } from '../../../cli/errors';
import {
  FAILURE_ATTRIBUTE,
  REPLAY_COUNT_ATTRIBUTE,
} from '../../../functions/relationships/dead-letter-format';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import {
  aRelationshipBody,
  aRelayFailure,
  type DeadLetterSpec,
  putDeadLetter,
} from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';
import { drainQueue, queueDepth } from '../../support/queue-drain';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const marker = (message: Message) => JSON.parse(message.Body as string).source_doc_id__v as number;
const markers = (messages: Message[]) => messages.map(marker).sort((a, b) => a - b);

describe('relay dlq replay against the embedded SQS', () => {
  let sqs: EmbeddedSqs;
  let pairCount = 0;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  /** A queue pair whose dead letters name the real source queue (by URL, or by ARN). */
  const pairWith = async (build: (source: { url: string; arn: string }) => DeadLetterSpec[]) => {
    pairCount += 1;
    const pair = await sqs.createQueuePair({ name: `replay-${pairCount}`, maxReceiveCount: 8 });
    for (const spec of build({ url: pair.sourceUrl, arn: pair.sourceArn })) {
      await putDeadLetter(sqs.client, pair.dlqUrl, spec);
    }
    return pair;
  };
  const replay = async (dlqUrl: string, overrides: Partial<ReplayOptions> = {}) => {
    const io = memoryIo();
    const options: ReplayOptions = {
      dlqUrl,
      codes: [],
      dryRun: false,
      json: false,
      visibilityTimeoutSeconds: 30,
      waitTimeSeconds: 0,
      ...overrides,
    };
    const result = await runDlqReplay(options, { sqs: sqs.client, io, now: () => NOW });
    return { ...result, io };
  };

  it('moves every message back to its source queue, without relay.failure and with the replay count + 1', async () => {
    // prepare: one failure record names the queue by URL, one by ARN; one was replayed twice before
    const pair = await pairWith((source) => [
      {
        body: aRelationshipBody(1),
        failure: aRelayFailure({ sourceQueue: source.url }),
        producerAttributes: { 'producer.batch': { dataType: 'String', stringValue: 'migration-7' } },
      },
      { body: aRelationshipBody(2), failure: aRelayFailure({ sourceQueue: source.arn, replayCount: 2 }) },
    ]);

    // act
    const { exitCode, summary } = await replay(pair.dlqUrl);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary).toMatchObject({ examined: 2, moved: 2, skipped: 0, failed: [], inBothQueues: [] });
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    const back = (await drainQueue(sqs.client, pair.sourceUrl)).sort((a, b) => marker(a) - marker(b));
    expect(back.map((message) => message.Body)).toEqual([aRelationshipBody(1), aRelationshipBody(2)]);
    expect(back.every((message) => message.MessageAttributes?.[FAILURE_ATTRIBUTE] === undefined)).toBe(true);
    expect(back.map((message) => message.MessageAttributes?.[REPLAY_COUNT_ATTRIBUTE]?.StringValue)).toEqual([
      '1',
      '3',
    ]);
    expect(back[0]?.MessageAttributes?.['producer.batch']?.StringValue).toBe('migration-7');
  });

  it('--code replays only those codes; the rest stay in the DLQ, visible', async () => {
    // prepare
    const pair = await pairWith((source) => [
      {
        body: aRelationshipBody(1),
        failure: aRelayFailure({ sourceQueue: source.url, code: 'RETRIES_EXHAUSTED' }),
      },
      { body: aRelationshipBody(2), failure: aRelayFailure({ sourceQueue: source.url }) },
      {
        body: aRelationshipBody(3),
        failure: aRelayFailure({ sourceQueue: source.url, code: 'RETRIES_EXHAUSTED' }),
      },
      {
        body: aRelationshipBody(4),
        failure: aRelayFailure({ sourceQueue: source.url, code: 'VAULT_PERMISSION_DENIED' }),
      },
    ]);

    // act
    const { summary } = await replay(pair.dlqUrl, {
      codes: ['RETRIES_EXHAUSTED', 'VAULT_PERMISSION_DENIED'],
    });

    // assess
    expect(summary).toMatchObject({ examined: 4, moved: 3, skipped: 1 });
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 1, inFlight: 0 });
    expect(markers(await drainQueue(sqs.client, pair.sourceUrl))).toEqual([1, 3, 4]);
    expect(markers(await drainQueue(sqs.client, pair.dlqUrl))).toEqual([2]);
  });

  it('--max moves at most N and --older-than only messages that failed long enough ago', async () => {
    // prepare: NOW is 12:00; four failed before 10:00, two after
    const failedAt = ['08:00', '09:00', '09:30', '09:59', '10:30', '11:59'];
    const pair = await pairWith((source) =>
      failedAt.map((time, i) => ({
        body: aRelationshipBody(i + 1),
        failure: aRelayFailure({ sourceQueue: source.url, failedAt: `2026-12-03T${time}:00.000Z` }),
      })),
    );

    // act
    const { summary } = await replay(pair.dlqUrl, { olderThanMs: 2 * 3_600_000, max: 3 });

    // assess
    expect(summary.moved).toBe(3);
    const moved = markers(await drainQueue(sqs.client, pair.sourceUrl));
    expect(moved).toHaveLength(3);
    expect(moved.every((m) => m <= 4)).toBe(true);
    const left = markers(await drainQueue(sqs.client, pair.dlqUrl));
    expect([...moved, ...left].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('--dry-run lists what would move and changes nothing', async () => {
    // prepare
    const pair = await pairWith((source) => [
      { body: aRelationshipBody(1), failure: aRelayFailure({ sourceQueue: source.url }) },
      {
        body: aRelationshipBody(2),
        failure: aRelayFailure({ sourceQueue: source.url, code: 'INVALID_MESSAGE' }),
      },
    ]);

    // act
    const { exitCode, summary, io } = await replay(pair.dlqUrl, {
      dryRun: true,
      codes: ['VAULT_INVALID_DATA'],
    });

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary).toMatchObject({ dryRun: true, moved: 1, skipped: 1 });
    expect(summary.items).toEqual([
      expect.objectContaining({ code: 'VAULT_INVALID_DATA', destination: pair.sourceUrl }),
    ]);
    expect(io.stdout.text()).toContain('Would move 1 of 2 examined');
    expect(await queueDepth(sqs.client, pair.sourceUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 2, inFlight: 0 });
  });

  it('--to overrides the recorded source; a message without one fails and stays unless --to is given', async () => {
    // prepare: one message parked by SQS's own redrive (no failure record)
    const pair = await pairWith((source) => [
      { body: aRelationshipBody(1) },
      { body: aRelationshipBody(2), failure: aRelayFailure({ sourceQueue: source.url }) },
    ]);

    // act
    const first = await replay(pair.dlqUrl);
    const second = await replay(pair.dlqUrl, { to: pair.sourceUrl });

    // assess
    expect(first.exitCode).toBe(ExitCode.RunFailures);
    expect(first.summary.failed).toEqual([
      expect.objectContaining({ code: 'UNKNOWN', reason: expect.stringContaining('--to') }),
    ]);
    expect(second.summary.moved).toBe(1);
    expect(markers(await drainQueue(sqs.client, pair.sourceUrl))).toEqual([1, 2]);
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('a recorded source queue that no longer exists fails those messages and keeps them in the DLQ', async () => {
    // prepare
    const pair = await pairWith(() => [
      {
        body: aRelationshipBody(1),
        failure: aRelayFailure({ sourceQueue: 'arn:aws:sqs:us-east-1:000000000000:gone' }),
      },
    ]);

    // act
    const { exitCode, summary } = await replay(pair.dlqUrl);

    // assess
    expect(exitCode).toBe(ExitCode.RunFailures);
    expect(summary.failed[0]?.reason).toContain('queue does not exist');
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 1, inFlight: 0 });
  });
});
