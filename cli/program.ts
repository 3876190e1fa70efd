import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runDlqInspect } from './commands/dlq-inspect';
import { runDlqNativeReplay } from './commands/dlq-native-replay';
import { runDlqReplay } from './commands/dlq-replay';
import { runEnqueue } from './commands/enqueue';
import { type AwsFlags, type AwsSession, type CliContext, openAwsSession } from './context';
import { parseDuration } from './duration';
import type { InputFormat } from './enqueue/read-rows';
import { CliUsageError, describeFailure, ExitCode, type ExitCodeValue } from './errors';
import { writeLine } from './output';

const positiveInteger = (label: string) => (text: string) => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1)
    throw new InvalidArgumentError(`${label} must be a positive integer`);
  return Number(text);
};
const seconds = (min: number, max: number, why: string) => (text: string) => {
  if (!/^\d{1,5}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new InvalidArgumentError(`must be ${min} to ${max} seconds (${why})`);
  return Number(text);
};
/** Queue URLs and endpoints; anything else failed later as "Invalid URL" (exit 1) or a missing queue. */
const httpUrl = (flag: string) => (text: string) => {
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidArgumentError(
      `${flag} must be an http(s) URL, e.g. https://sqs.us-east-1.amazonaws.com/...`,
    );
  }
  return text;
};
const collectCodes = (text: string, previous: string[] = []) => [
  ...previous,
  ...text
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean),
];

const withAwsOptions = (command: Command) =>
  command
    .option(
      '--endpoint <url>',
      'SQS endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_SQS)',
      httpUrl('--endpoint'),
    )
    .option('--region <region>', 'AWS region (default: AWS_REGION / profile)')
    .option('--stack <name>', "read queue URLs from this CloudFormation stack's outputs")
    .option('--json', 'one JSON document on stdout, no progress bar', false);

const withScanOptions = (command: Command) =>
  command
    .option(
      '--dlq-url <url>',
      'dead-letter queue URL (default: --stack output or RELAY_DLQ_URL)',
      httpUrl('--dlq-url'),
    )
    .addOption(
      new Option('--visibility-timeout <seconds>', 'how long messages stay hidden while the DLQ is read')
        // 0 would hide nothing: every round could bring the same messages and the scan stop short.
        .argParser(seconds(1, 43_200, 'messages must stay hidden while the DLQ is read'))
        .default(30),
    )
    .addOption(
      new Option('--wait <seconds>', 'long-poll wait per receive')
        .argParser(seconds(0, 20, 'the SQS long-poll limit'))
        .default(1)
        .hideHelp(),
    );

/** The `relay` program; each action hands its exit code to `setExitCode`. */
export const buildProgram = (context: CliContext, setExitCode: (code: ExitCodeValue) => void): Command => {
  const program = new Command('relay')
    .description('Put relationships on the relay queue, inspect its dead-letter queue and replay it.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // Commander says "error: ..."; every relay error line starts with "relay:" (the runbook's promise).
      outputError: (text, write) => write(text.replace(/^error: /, 'relay: ')),
    })
    .showHelpAfterError('(run with --help for usage)');

  const session = async <T extends AwsFlags>(flags: T, run: (aws: AwsSession) => Promise<ExitCodeValue>) => {
    const aws = openAwsSession(context, flags);
    try {
      setExitCode(await run(aws));
    } finally {
      aws.close();
    }
  };

  withAwsOptions(
    program.command('enqueue').argument('<file>', 'CSV with Vault Loader columns, or JSON lines'),
  )
    .description('Validate every row of FILE, then send one message per row (in batches of 10).')
    .option(
      '--queue-url <url>',
      'source queue URL (default: --stack output or RELAY_QUEUE_URL)',
      httpUrl('--queue-url'),
    )
    .addOption(
      new Option('--format <format>', 'input format (default: by extension, else sniffed)').choices([
        'csv',
        'jsonl',
      ]),
    )
    .option('--skip-invalid', 'send the valid rows even when some are invalid', false)
    .option('--dry-run', 'validate and report only; send nothing', false)
    .action(
      (
        file: string,
        flags: AwsFlags & { queueUrl?: string; format?: InputFormat; skipInvalid: boolean; dryRun: boolean },
      ) =>
        session(flags, async (aws) => {
          const options = {
            ...flags,
            file,
            // A dry run sends nothing, so it needs no queue.
            queueUrl: flags.dryRun ? flags.queueUrl : await aws.queueUrl('source', flags.queueUrl),
          };
          return (await runEnqueue(options, { sqs: aws.sqs, io: context, sleep: context.sleep })).exitCode;
        }),
    );

  const dlq = program.command('dlq').description('Inspect or replay the dead-letter queue.');

  withAwsOptions(withScanOptions(dlq.command('inspect')))
    .description('Count dead letters by failure code and show samples, without consuming any.')
    .addOption(
      new Option('--samples <n>', 'samples shown per failure code')
        .argParser(positiveInteger('--samples'))
        .default(3),
    )
    .action(
      (flags: AwsFlags & { dlqUrl?: string; samples: number; visibilityTimeout: number; wait: number }) =>
        session(flags, async (aws) => {
          const dlqUrl = await aws.queueUrl('dlq', flags.dlqUrl);
          const options = {
            ...flags,
            dlqUrl,
            visibilityTimeoutSeconds: flags.visibilityTimeout,
            waitTimeSeconds: flags.wait,
          };
          return (await runDlqInspect(options, { sqs: aws.sqs, io: context })).exitCode;
        }),
    );

  withAwsOptions(withScanOptions(dlq.command('replay')))
    .description('Send dead letters back to their source queue; delete each only after its send succeeded.')
    .option(
      '--to <url>',
      'destination queue URL (default: the source queue in each failure record)',
      httpUrl('--to'),
    )
    .option('--code <code...>', 'only these failure codes (repeat or comma-separate)', collectCodes)
    .addOption(new Option('--max <n>', 'move at most N messages').argParser(positiveInteger('--max')))
    .option('--older-than <duration>', 'only messages that failed at least this long ago, e.g. 30m, 2h, 1d')
    .option('--dry-run', 'list what would move; change nothing', false)
    .option('--native', "use SQS's own redrive (StartMessageMoveTask): everything, no filters", false)
    .addOption(
      new Option('--max-per-second <n>', 'with --native: move rate').argParser(
        positiveInteger('--max-per-second'),
      ),
    )
    .action(
      (
        flags: AwsFlags & {
          dlqUrl?: string;
          to?: string;
          code?: string[];
          max?: number;
          olderThan?: string;
          dryRun: boolean;
          native: boolean;
          maxPerSecond?: number;
          visibilityTimeout: number;
          wait: number;
        },
      ) => {
        const olderThanMs = flags.olderThan === undefined ? undefined : parseDuration(flags.olderThan);
        if (flags.native && (flags.code?.length || flags.max !== undefined || olderThanMs !== undefined)) {
          throw new CliUsageError(
            '--native moves everything: it cannot be combined with --code, --max or --older-than',
          );
        }
        if (!flags.native && flags.maxPerSecond !== undefined) {
          throw new CliUsageError('--max-per-second only applies to --native (a replay sends one at a time)');
        }
        return session(flags, async (aws) => {
          const dlqUrl = await aws.queueUrl('dlq', flags.dlqUrl);
          const deps = { sqs: aws.sqs, io: context, now: context.now, sleep: context.sleep };
          if (flags.native) {
            return (await runDlqNativeReplay({ ...flags, dlqUrl, pollIntervalMs: 2000 }, deps)).exitCode;
          }
          const options = {
            ...flags,
            dlqUrl,
            codes: flags.code ?? [],
            olderThanMs,
            visibilityTimeoutSeconds: flags.visibilityTimeout,
            waitTimeSeconds: flags.wait,
          };
          return (await runDlqReplay(options, deps)).exitCode;
        });
      },
    );
  return program;
};

/** Runs `relay` with ARGV (no node/script prefix) and returns the process exit code; never throws. */
export const runCli = async (argv: readonly string[], context: CliContext): Promise<ExitCodeValue> => {
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const program = buildProgram(context, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const failure = describeFailure(error);
    writeLine(context.stderr, `relay: ${failure.message}`);
    return failure.exitCode;
  }
};
