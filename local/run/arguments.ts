import { open } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readInputFile } from '../../cli/enqueue/read-rows';
import { CliInputError } from '../../cli/errors';
import type { RunOptions } from './run-local';

export const DEFAULT_FILE = 'examples/relationships.csv';

export interface ParsedArguments {
  options: Omit<RunOptions, 'onHandlerLogLine' | 'loadHandler'>;
  handlerLog?: string;
  verbose: boolean;
}

/** A dotted DNS name, as the relay's secret requires for vaultDns (a real Vault is never bare `localhost`). */
const VAULT_HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export class RunUsageError extends Error {
  override name = 'RunUsageError';
}

const integer = (min: number, max: number) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
  }
  return number;
};

const fraction = (value: string) => {
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return number;
};

const program = () =>
  new Command('npm start --')
    .description('Runs the relay on this machine: embedded SQS, Secrets Manager and Vault, the real handler.')
    .option('--file <path>', 'CSV (Vault Loader columns) or JSON lines to enqueue', DEFAULT_FILE)
    .option('--json', 'end the output with one JSON line of the counts', false)
    .option(
      '--vault-dns <name>',
      'use this real sandbox Vault (password from VAULT_PASSWORD); SQS and secrets stay local',
    )
    .option('--username <user>', 'Vault user for --vault-dns')
    .option('--concurrency <n>', 'concurrent pollers (the mapping’s maximum concurrency)', integer(1, 50), 2)
    .option('--batch-size <n>', 'records per invocation', integer(1, 10_000), 10)
    .option('--batching-window-ms <ms>', 'maximum batching window', integer(0, 300_000), 500)
    .option(
      '--function-timeout-ms <ms>',
      'Lambda timeout the context counts down from',
      integer(1_000, 900_000),
      10_000,
    )
    .option('--visibility-timeout <s>', 'source queue visibility timeout', integer(1, 43_200), 20)
    .option('--max-attempts <n>', 'MAX_ATTEMPTS for the handler', integer(1, 100), 5)
    .option(
      '--fault-rate <0..1>',
      'share of fake Vault calls that fail (transient faults, retried)',
      fraction,
      0,
    )
    .option('--fault-seed <n>', 'seed of the fake Vault’s random faults', integer(0, 2 ** 31), 1)
    .option(
      '--replay-code <code>',
      'failure code fixed and replayed after the first pass',
      'VAULT_INVALID_DATA',
    )
    .option('--drain-timeout <s>', 'give up when a pass has not drained by then', integer(10, 86_400), 900)
    .option('--handler-log <file>', 'append the handler’s JSON log lines to this file')
    .addOption(new Option('--verbose', 'also show the handler’s log lines on stderr').default(false))
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: (text) => process.stdout.write(text) });

/** Parses `npm start -- ...`; throws RunUsageError with the reason on anything inconsistent. */
export const parseRunArguments = (argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArguments => {
  const command = program();
  try {
    command.parse(argv as string[], { from: 'user' });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'commander.helpDisplayed' || code === 'commander.version') throw error;
    throw new RunUsageError(message.replace(/^error: /, ''));
  }
  const flags = command.opts();
  if (flags.batchSize > 10 && flags.batchingWindowMs < 1000) {
    throw new RunUsageError(
      'a --batch-size over 10 needs --batching-window-ms of at least 1000 (as Lambda requires)',
    );
  }
  const fileGiven = command.getOptionValueSource('file') === 'cli';
  let vault: RunOptions['vault'];
  if (flags.vaultDns || flags.username) {
    if (!flags.vaultDns || !flags.username) throw new RunUsageError('--vault-dns and --username go together');
    // The handler refuses such a secret on every batch, so the run would only fail after minutes.
    if (!VAULT_HOST.test(flags.vaultDns)) {
      throw new RunUsageError(
        '--vault-dns takes the Vault host name only, e.g. mycompany-sandbox.veevavault.com (no scheme or path)',
      );
    }
    if (!env.VAULT_PASSWORD)
      throw new RunUsageError('set VAULT_PASSWORD for the real Vault user (never a flag)');
    // The example file names the fake Vault's documents; in a real vault it could link real ones.
    if (!fileGiven) throw new RunUsageError('with a real Vault, name the file to load: --file F');
    vault = { kind: 'real', dns: flags.vaultDns, username: flags.username, password: env.VAULT_PASSWORD };
  } else {
    vault = { kind: 'fake', faultRate: flags.faultRate, faultSeed: flags.faultSeed };
  }
  return {
    options: {
      file: flags.file,
      json: flags.json,
      vault,
      maxAttempts: flags.maxAttempts,
      visibilityTimeoutSeconds: flags.visibilityTimeout,
      replayCode: flags.replayCode,
      concurrency: flags.concurrency,
      batchSize: flags.batchSize,
      batchingWindowMs: flags.batchingWindowMs,
      functionTimeoutMs: flags.functionTimeoutMs,
      drainTimeoutMs: flags.drainTimeout * 1000,
      handlerEnvironment: localHandlerEnvironment(flags.functionTimeoutMs),
    },
    handlerLog: flags.handlerLog,
    verbose: flags.verbose,
  };
};

/**
 * The handler's own timeouts scaled to the local function timeout, so a slow Vault call still
 * leaves the invocation time to report its batch. The stack needs no scaling: its 60 s timeout
 * fits the defaults (VAULT_TIMEOUT_MS 10 s, SAFETY_MARGIN_MS 5 s).
 */
export const localHandlerEnvironment = (functionTimeoutMs: number): Record<string, string> => ({
  SAFETY_MARGIN_MS: String(Math.round(functionTimeoutMs * 0.2)),
  VAULT_TIMEOUT_MS: String(Math.max(1_000, Math.round(functionTimeoutMs * 0.4))),
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

/**
 * Reads `--file` before anything starts: a missing, unreadable or unparsable file, or one without
 * rows, is a bad argument (exit 2) rather than a crash after every server is already up.
 */
export const checkInputFile = async (path: string): Promise<void> => {
  let rows: unknown[];
  try {
    ({ rows } = await readInputFile(path));
  } catch (error) {
    if (error instanceof CliInputError) throw new RunUsageError(error.message);
    throw error;
  }
  if (rows.length === 0) throw new RunUsageError(`${path} holds no rows: nothing to relay`);
};

const OPEN_FAILURES: Record<string, string> = {
  ENOENT: 'no such directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/** Opens `--handler-log` for appending up front: failing later crashed the run with an unhandled error event. */
export const checkHandlerLog = async (path: string | undefined): Promise<void> => {
  if (path === undefined) return;
  try {
    await (await open(path, 'a')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new RunUsageError(`cannot write --handler-log ${path}: ${OPEN_FAILURES[code] ?? code}`);
  }
};
