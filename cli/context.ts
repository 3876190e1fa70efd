import type { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientFactory, defaultAwsClientFactory, sqsEndpointFrom } from './aws-clients';
import type { CliIo } from './output';
import { type QueueKind, readStackOutputs, resolveQueueUrl } from './queue-urls';

/** Everything a run touches outside itself, so tests hand in streams, clients, env and clock. */
export interface CliContext extends CliIo {
  env: NodeJS.ProcessEnv;
  clients: AwsClientFactory;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/**
 * `relay dlq inspect | head` closes the pipe early; the next write then fails with EPIPE, which
 * unhandled crashed the process with a stack trace (before any queue state was put back in some
 * commands). Output nobody reads is dropped; the command finishes and keeps its exit code.
 */
const ignoreClosedPipe = (stream: NodeJS.WriteStream): NodeJS.WriteStream =>
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });

export const processContext = (): CliContext => ({
  stdout: ignoreClosedPipe(process.stdout),
  stderr: ignoreClosedPipe(process.stderr),
  env: process.env,
  clients: defaultAwsClientFactory,
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

/** The flags every AWS-facing command shares. */
export interface AwsFlags {
  endpoint?: string;
  region?: string;
  stack?: string;
  json: boolean;
  /** `--wait` of the DLQ commands: the longest long poll, which the answer deadline must exceed. */
  wait?: number;
}

/** A command's AWS session: one SQS client, queue URLs resolved lazily, all torn down after. */
export interface AwsSession {
  sqs: SQSClient;
  queueUrl(kind: QueueKind, flag: string | undefined): Promise<string>;
  close(): void;
}

export const openAwsSession = (context: CliContext, flags: AwsFlags): AwsSession => {
  const sqs = context.clients.sqs({
    endpoint: sqsEndpointFrom(flags.endpoint, context.env),
    region: flags.region,
    longPollSeconds: flags.wait,
  });
  const cloudFormation = flags.stack ? context.clients.cloudFormation({ region: flags.region }) : undefined;
  let outputs: Promise<Record<string, string>> | undefined;
  const stackOutputs = () => {
    if (!cloudFormation || !flags.stack) return Promise.resolve({});
    outputs ??= readStackOutputs(cloudFormation, flags.stack);
    return outputs;
  };
  return {
    sqs,
    queueUrl: (kind, flag) =>
      resolveQueueUrl({ kind, flag, stackName: flags.stack, stackOutputs, env: context.env }),
    close: () => {
      sqs.destroy();
      cloudFormation?.destroy();
    },
  };
};
