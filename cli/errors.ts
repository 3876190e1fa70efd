import { SQSServiceException } from '@aws-sdk/client-sqs';
import { PermanentError } from '../functions/relationships/errors';

/** Documented process exit codes (docs/operator-runbook.md). */
export const ExitCode = {
  /** Everything asked for was done. */
  Ok: 0,
  /** The run went through but some messages could not be sent, moved or released. */
  RunFailures: 1,
  /** Bad flags, an unreadable file, invalid rows, no queue URL given: nothing was changed. */
  Usage: 2,
  /** AWS or configuration: a missing queue or stack, no credentials or region, an unreachable endpoint. */
  AwsOrConfig: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line was wrong (flag values, combinations, missing queue URL). */
export class CliUsageError extends PermanentError {
  readonly exitCode = ExitCode.Usage;
  constructor(message: string) {
    super('CLI_USAGE', message);
    this.name = 'CliUsageError';
  }
}

/** The input file could not be read or holds rows that are not valid messages. */
export class CliInputError extends PermanentError {
  readonly exitCode = ExitCode.Usage;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CLI_INPUT', message, options);
    this.name = 'CliInputError';
  }
}

/** AWS refused or could not be reached, or its configuration (stack, region, credentials) is missing. */
export class CliAwsError extends PermanentError {
  readonly exitCode = ExitCode.AwsOrConfig;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CLI_AWS', message, options);
    this.name = 'CliAwsError';
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

const QUEUE_MISSING_CODES = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

const errorName = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/**
 * Turns anything a command threw into one line for the operator and an exit code. SDK errors are
 * recognised by their names because the credential and region errors come from transitive packages
 * (@smithy/*) this project does not import directly. Never prints a stack trace or request details.
 */
export const describeFailure = (error: unknown): { message: string; exitCode: ExitCodeValue } => {
  if (error instanceof CliUsageError || error instanceof CliInputError || error instanceof CliAwsError) {
    return { message: error.message, exitCode: error.exitCode };
  }
  const name = errorName(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (QUEUE_MISSING_CODES.has(name)) {
    return { message: 'queue does not exist (check the queue URL, the region and the account)', exitCode: 3 };
  }
  if (name === 'CredentialsProviderError') {
    return {
      message: 'no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
      exitCode: 3,
    };
  }
  if (/region is missing/i.test(message)) {
    return { message: 'no AWS region: set AWS_REGION or pass --region', exitCode: 3 };
  }
  const code = errorCode(error);
  if (name === 'TimeoutError') {
    return {
      message: 'the endpoint did not answer in time (check --endpoint, the network or a proxy)',
      exitCode: 3,
    };
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return { message: `cannot reach the endpoint (${code})`, exitCode: 3 };
  }
  if (error instanceof SQSServiceException || (error instanceof Error && '$metadata' in error)) {
    return { message: `AWS refused the request: ${name}: ${message}`, exitCode: 3 };
  }
  return { message: `unexpected error: ${message}`, exitCode: ExitCode.RunFailures };
};
