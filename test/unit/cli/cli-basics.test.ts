import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../cli/duration';
import { CliUsageError, describeFailure, ExitCode } from '../../../cli/errors';
import { resolveQueueUrl } from '../../../cli/queue-urls';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2', '1w', '-1h', '1.5h', 'h'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(CliUsageError);
  });
});

describe('resolveQueueUrl', () => {
  const outputs = async () => ({
    SourceQueueUrl: 'https://stack/source',
    DeadLetterQueueUrl: 'https://stack/dlq',
  });

  it('takes the flag first, then the stack, then the environment', async () => {
    // prepare
    const env = { RELAY_QUEUE_URL: 'https://env/source', RELAY_DLQ_URL: 'https://env/dlq' };

    // act + assess
    expect(
      await resolveQueueUrl({
        kind: 'source',
        flag: 'https://flag',
        stackName: 's',
        stackOutputs: outputs,
        env,
      }),
    ).toBe('https://flag');
    expect(await resolveQueueUrl({ kind: 'dlq', stackName: 's', stackOutputs: outputs, env })).toBe(
      'https://stack/dlq',
    );
    expect(await resolveQueueUrl({ kind: 'source', env })).toBe('https://env/source');
  });

  it('names the missing stack output', async () => {
    await expect(
      resolveQueueUrl({ kind: 'dlq', stackName: 'relay', stackOutputs: async () => ({}), env: {} }),
    ).rejects.toThrow('stack relay has no output DeadLetterQueueUrl');
  });
});

describe('describeFailure', () => {
  const named = (name: string, message = 'x', extra: object = {}) =>
    Object.assign(new Error(message), { name }, extra);

  it.each([
    [named('QueueDoesNotExist'), ExitCode.AwsOrConfig, 'queue does not exist'],
    [named('AWS.SimpleQueueService.NonExistentQueue'), ExitCode.AwsOrConfig, 'queue does not exist'],
    [named('CredentialsProviderError'), ExitCode.AwsOrConfig, 'no AWS credentials found'],
    [named('Error', 'Region is missing'), ExitCode.AwsOrConfig, 'no AWS region'],
    [
      named('Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }),
      ExitCode.AwsOrConfig,
      'cannot reach the endpoint',
    ],
    [
      named('AccessDenied', 'not allowed', { $metadata: {} }),
      ExitCode.AwsOrConfig,
      'AWS refused the request: AccessDenied',
    ],
    [new CliUsageError('bad'), ExitCode.Usage, 'bad'],
    [new TypeError('boom'), ExitCode.RunFailures, 'unexpected error: boom'],
  ])('%s → exit %d', (error, exitCode, message) => {
    const described = describeFailure(error);
    expect(described.exitCode).toBe(exitCode);
    expect(described.message).toContain(message);
  });
});
