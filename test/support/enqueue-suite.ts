import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type EnqueueOptions, runEnqueue } from '../../cli/commands/enqueue';
import type { EmbeddedSqs } from '../../local/embedded-sqs';
import { embeddedSqsForSuite } from './embedded-sqs-suite';
import { memoryIo } from './memory-io';

type EnqueueFlags = Partial<Pick<EnqueueOptions, 'skipInvalid' | 'dryRun' | 'json'>>;

/**
 * What the `relay enqueue` integration suites share: one embedded SQS and one temp folder per
 * suite, a fresh source queue per test (so no test sees another's messages), and `runEnqueue`
 * with the CLI's defaults, capturing its output. Call it at the top of a `describe`.
 */
export const enqueueSuite = (name: string) => {
  let sqs: EmbeddedSqs | undefined;
  let dir = '';
  let queueUrl = '';
  let queueCount = 0;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `relay-${name}-`));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    queueCount += 1;
    queueUrl = (await suite.sqs.createQueuePair({ name: `${name}-${queueCount}`, maxReceiveCount: 8 }))
      .sourceUrl;
  });

  const suite = {
    get sqs(): EmbeddedSqs {
      if (sqs === undefined) throw new Error('the embedded SQS is started in beforeAll');
      return sqs;
    },
    /** The current test's source queue. */
    get queueUrl() {
      return queueUrl;
    },
    /** Writes an input file into the suite's temp folder and returns its path. */
    file: async (fileName: string, content: string) => {
      const path = join(dir, fileName);
      await writeFile(path, content);
      return path;
    },
    /** Runs the enqueue command on the current queue without real back-off waits. */
    enqueue: async (path: string, flags: EnqueueFlags = {}) => {
      const io = memoryIo();
      const result = await runEnqueue(
        { file: path, queueUrl, skipInvalid: false, dryRun: false, json: false, ...flags },
        { sqs: suite.sqs.client, io, sleep: async () => {} },
      );
      return { ...result, io };
    },
  };
  return suite;
};
