import { Command, InvalidArgumentError, Option } from 'commander';
import { FAULT_KINDS, type FaultKind } from '../fake-vault';
import { runSoak } from './run-soak';
import { createSoakHandler } from './soak-handler';
import { formatReport } from './soak-report';
import { DEFAULT_SOAK_SETTINGS, type SoakSettings } from './soak-settings';

const integer = (min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new InvalidArgumentError(`must be an integer >= ${min}`);
  return parsed;
};
const share = (value: string) => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return parsed;
};

// The SDK's once-per-process notice about Node 22 (from 2027) is noise in a soak's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const faultKinds = (value: string): FaultKind[] => {
  const kinds = value.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !FAULT_KINDS.includes(kind as FaultKind));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new InvalidArgumentError(
      `unknown fault kind(s) ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`,
    );
  }
  return kinds as FaultKind[];
};

const defaults = DEFAULT_SOAK_SETTINGS;
const program = new Command('soak')
  .description(
    'Fault-injection soak: N messages through the real handler and the local poller while the fake Vault, ' +
      'the DLQ and the invocations fail on purpose; checks that every message ends created once or explained ' +
      'on the DLQ. Exits 1 on any violation, listing the message ids.',
  )
  .addOption(
    new Option('--messages <n>', 'messages to enqueue').argParser(integer(1)).default(defaults.messages),
  )
  .addOption(
    new Option('--seed <n>', 'drives every random choice').argParser(integer(0)).default(defaults.seed),
  )
  .addOption(
    new Option('--pollers <n>', 'concurrent pollers, each with its own handler instance')
      .argParser(integer(1))
      .default(defaults.pollers),
  )
  .addOption(
    new Option('--fault-rate <share>', 'share of Vault requests given a random fault')
      .argParser(share)
      .default(defaults.faultRate),
  )
  .addOption(
    new Option('--fault-kinds <list>', 'comma-separated fault kinds to draw from')
      .argParser(faultKinds)
      .default(defaults.faultKinds, 'all'),
  )
  .addOption(
    new Option('--invalid-share <share>', 'share of messages failing the schema')
      .argParser(share)
      .default(defaults.invalidShare),
  )
  .addOption(
    new Option('--unknown-share <share>', 'share of messages naming unknown documents')
      .argParser(share)
      .default(defaults.unknownDocumentShare),
  )
  .addOption(
    new Option('--dlq-entry-refusal-rate <share>', 'share of DLQ batch entries refused')
      .argParser(share)
      .default(defaults.dlqEntryRefusalRate),
  )
  .addOption(
    new Option('--dlq-call-refusal-rate <share>', 'share of DLQ send calls that throw')
      .argParser(share)
      .default(defaults.dlqCallRefusalRate),
  )
  .addOption(
    new Option('--crash-rate <share>', 'share of invocations abandoned mid-batch')
      .argParser(share)
      .default(defaults.crashRate),
  )
  .addOption(
    new Option('--burst-limit <n>', "Vault's burst limit per (shortened) window")
      .argParser(integer(1))
      .default(defaults.burstLimit),
  )
  .addOption(
    new Option('--rotations <n>', 'password rotations during the run')
      .argParser(integer(0))
      .default(defaults.rotations),
  )
  .addOption(
    new Option('--max-attempts <n>', "the relay's MAX_ATTEMPTS")
      .argParser(integer(1))
      .default(defaults.maxAttempts),
  )
  .addOption(
    new Option('--timeout-minutes <n>', 'give up after this long')
      .argParser(integer(1))
      .default(defaults.timeoutMs / 60_000),
  )
  .addOption(new Option('--log-file <path>', 'also write every captured handler log line here'))
  .addOption(new Option('--json', 'end with one JSON line of the whole report'));

const main = async () => {
  const flags = program.parse().opts();
  const settings: SoakSettings = {
    ...defaults,
    messages: flags.messages,
    seed: flags.seed,
    pollers: flags.pollers,
    faultRate: flags.faultRate,
    faultKinds: flags.faultKinds,
    invalidShare: flags.invalidShare,
    unknownDocumentShare: flags.unknownShare,
    dlqEntryRefusalRate: flags.dlqEntryRefusalRate,
    dlqCallRefusalRate: flags.dlqCallRefusalRate,
    crashRate: flags.crashRate,
    rotations: flags.rotations,
    burstLimit: flags.burstLimit,
    maxAttempts: flags.maxAttempts,
    timeoutMs: flags.timeoutMinutes * 60_000,
    logFile: flags.logFile,
  };
  let lastPrinted = 0;
  const report = await runSoak({
    settings,
    createHandler: createSoakHandler,
    onProgress: (progress, write) => {
      if (Date.now() - lastPrinted < 5_000) return;
      lastPrinted = Date.now();
      write(
        `soak: ${progress.settled}/${progress.total} deleted from the queue, ${progress.depth.visible} waiting, ${progress.depth.inFlight} in flight\n`,
      );
    },
  });
  process.stdout.write(formatReport(report));
  if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = report.violations.length === 0 ? 0 : 1;
};

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
