import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { CliAwsError, CliUsageError } from './errors';

/** The stack output keys the infrastructure publishes for the CLI. */
export const STACK_OUTPUT_KEYS = {
  source: 'SourceQueueUrl',
  dlq: 'DeadLetterQueueUrl',
} as const;

export const QUEUE_URL_ENV = {
  source: 'RELAY_QUEUE_URL',
  dlq: 'RELAY_DLQ_URL',
} as const;

export type QueueKind = keyof typeof STACK_OUTPUT_KEYS;

const FLAG_NAMES: Record<QueueKind, string> = { source: '--queue-url', dlq: '--dlq-url' };

/** Reads a deployed stack's outputs once per run. */
export const readStackOutputs = async (
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Record<string, string>> => {
  let stacks: DescribeStacksCommandOutput;
  try {
    stacks = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    if (error instanceof Error && /does not exist/i.test(error.message)) {
      throw new CliAwsError(`stack ${stackName} does not exist (check the name and the region)`, {
        cause: error,
      });
    }
    throw error;
  }
  const outputs: Record<string, string> = {};
  for (const output of stacks.Stacks?.[0]?.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue) outputs[output.OutputKey] = output.OutputValue;
  }
  return outputs;
};

/**
 * A queue URL from, in order: its flag, the stack's outputs (`--stack`), the environment.
 * An explicit `--stack` wins over the environment because it was typed for this run.
 */
export const resolveQueueUrl = async (options: {
  kind: QueueKind;
  flag?: string;
  stackName?: string;
  stackOutputs?: () => Promise<Record<string, string>>;
  env: NodeJS.ProcessEnv;
}): Promise<string> => {
  const { kind } = options;
  if (options.flag) return options.flag;
  if (options.stackName && options.stackOutputs) {
    const outputs = await options.stackOutputs();
    const url = outputs[STACK_OUTPUT_KEYS[kind]];
    if (!url) {
      throw new CliAwsError(`stack ${options.stackName} has no output ${STACK_OUTPUT_KEYS[kind]}`);
    }
    return url;
  }
  const fromEnv = options.env[QUEUE_URL_ENV[kind]];
  if (fromEnv) return fromEnv;
  throw new CliUsageError(
    `no ${kind === 'dlq' ? 'dead-letter ' : ''}queue URL: pass ${FLAG_NAMES[kind]}, --stack NAME or set ${QUEUE_URL_ENV[kind]}`,
  );
};
