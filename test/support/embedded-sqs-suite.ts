import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../local/embedded-sqs';

/**
 * One embedded SQS for the enclosing `describe`: started before its first test, stopped after
 * its last. The suite receives it through `onStart`, so its tests keep a plain `sqs` variable.
 */
export const embeddedSqsForSuite = (onStart: (sqs: EmbeddedSqs) => void) => {
  let started: EmbeddedSqs | undefined;
  beforeAll(async () => {
    started = await startEmbeddedSqs();
    onStart(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
};
