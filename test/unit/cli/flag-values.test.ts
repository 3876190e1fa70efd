import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../cli/context';
import { ExitCode } from '../../../cli/errors';
import { runCli } from '../../../cli/program';
import { memoryIo } from '../../support/memory-io';

const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/relationships-dlq';
const SOURCE = 'https://sqs.us-east-1.amazonaws.com/123456789012/relationships';

/** A context whose clients must never be used: every case here is refused before any AWS call. */
const offline = () => {
  const io = memoryIo();
  const unused = () => {
    throw new Error('no AWS client may be created for a usage error');
  };
  const context: CliContext = {
    ...io,
    env: {},
    clients: { sqs: unused, cloudFormation: unused },
    now: () => new Date(),
    sleep: async () => {},
  };
  return { context, io };
};

describe('flag values the relay refuses as usage errors (exit 2, nothing touched)', () => {
  it.each([
    [
      'an --endpoint without a scheme',
      ['dlq', 'inspect', '--dlq-url', DLQ, '--endpoint', '127.0.0.1:4566'],
      /--endpoint/,
    ],
    ['a --dlq-url that is not a URL', ['dlq', 'inspect', '--dlq-url', 'relationships-dlq'], /--dlq-url/],
    [
      'a --queue-url that is not a URL',
      ['enqueue', 'links.csv', '--queue-url', 'sqs/relationships'],
      /--queue-url/,
    ],
    ['a --to that is not a URL', ['dlq', 'replay', '--dlq-url', DLQ, '--to', 'relationships'], /--to/],
    ['a --wait above the SQS limit of 20 s', ['dlq', 'inspect', '--dlq-url', DLQ, '--wait', '25'], /--wait/],
    [
      'a --visibility-timeout of 0 (nothing stays hidden while reading)',
      ['dlq', 'inspect', '--dlq-url', DLQ, '--visibility-timeout', '0'],
      /--visibility-timeout/,
    ],
    [
      '--max-per-second without --native',
      ['dlq', 'replay', '--dlq-url', DLQ, '--to', SOURCE, '--max-per-second', '5'],
      /--max-per-second/,
    ],
  ])('%s', async (_, argv, named) => {
    // prepare
    const { context, io } = offline();

    // act
    const exitCode = await runCli(argv, context);

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
    expect(io.stderr.text()).toMatch(named);
    expect(io.stderr.text()).not.toMatch(/unexpected error|AWS refused/);
  });
});
