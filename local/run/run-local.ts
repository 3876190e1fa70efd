import { runDlqInspect } from '../../cli/commands/dlq-inspect';
import { runDlqReplay } from '../../cli/commands/dlq-replay';
import { type CliIo, writeLine } from '../../cli/output';
import { plural } from '../../cli/plural';
import type { SqsBatchHandler } from '../event-source-poller';
import { type CreatedRelationship, defaultSeed } from '../fake-vault';
import { startLogCapture } from '../soak/log-capture';
import { readDeadLetters } from './dead-letters';
import { type LocalStack, startLocalStack, type VaultTarget } from './local-stack';
import { missingDocuments } from './missing-documents';
import { OutcomeLedger, parseOutcomeLine } from './outcome-ledger';
import { type PhaseSettings, runPhase } from './phase';
import { applyEnvironment } from './process-environment';
import { produceFile } from './produce';
import { type Check, heading, printChecks } from './report';
import { type RunCounts, settle } from './settle';

export interface RunOptions extends PhaseSettings {
  file: string;
  json: boolean;
  vault: VaultTarget;
  maxAttempts: number;
  visibilityTimeoutSeconds: number;
  /** The failure code the fix step addresses; its dead letters are replayed after the fix. */
  replayCode: string;
  /** Extra Lambda environment for the handler (timeouts, log level). */
  handlerEnvironment: Record<string, string>;
  /** Every handler log line, e.g. to a file; also where --verbose sends them. */
  onHandlerLogLine?: (line: string) => void;
  /** Loads the handler after the environment is set; defaults to the real Lambda entry. */
  loadHandler?: () => Promise<SqsBatchHandler>;
}

export interface RunResult {
  exitCode: number;
  counts: RunCounts;
  checks: Check[];
  /** Every server the run started (all stopped when runLocal returns). */
  endpoints: string[];
  /** The fake Vault's relationships at the end (absent with a real Vault). */
  createdInVault?: CreatedRelationship[];
}

const realHandler = async (): Promise<SqsBatchHandler> =>
  (await import('../../functions/create-relationships/handler')).handler as unknown as SqsBatchHandler;

/**
 * The whole local run: stand-ins up, the file enqueued, the real handler driven until the queue
 * drains, outcomes and the DLQ shown; then one cause fixed (missing documents added to the fake
 * Vault), its dead letters replayed with the CLI and drained again; then the accounting checked.
 * Once per process with the real handler: like a Lambda container, its module keeps the wiring
 * (queue URLs, secret id) of its first invocation.
 */
export const runLocal = async (options: RunOptions, io: CliIo, signal: AbortSignal): Promise<RunResult> => {
  let ledger = new OutcomeLedger();
  const capture = startLogCapture({
    onLine: (line) => {
      const observation = parseOutcomeLine(line);
      if (observation) ledger.record(observation);
      options.onHandlerLogLine?.(line);
    },
  });
  let stack: LocalStack | undefined;
  let restoreEnvironment = () => {};
  try {
    stack = await startLocalStack(options);
    restoreEnvironment = applyEnvironment({ ...stack.handlerEnvironment, ...options.handlerEnvironment });
    const handler = await (options.loadHandler ?? realHandler)();
    const { sqs, queues, fakeVault } = stack;
    printStack(io, stack, options);

    heading(io, `1. Enqueue ${options.file}`);
    const produced = await produceFile({
      file: options.file,
      queueUrl: queues.sourceUrl,
      sqs: sqs.client,
      io,
    });

    const phaseDeps = { stack, handler, io, signal, settings: options };
    heading(io, '2. Relay: pollers drive the handler until the queue is drained');
    const first = await runPhase({ ...phaseDeps, title: 'first pass', enqueued: produced.enqueued, ledger });
    const inspectOptions = {
      dlqUrl: queues.dlqUrl,
      samples: 2,
      json: false,
      visibilityTimeoutSeconds: 30,
      waitTimeSeconds: 0,
    };
    heading(io, 'DLQ by failure code (relay dlq inspect)');
    await runDlqInspect(inspectOptions, { sqs: sqs.client, io });

    let second: Awaited<ReturnType<typeof runPhase>> | undefined;
    let replayed = 0;
    if (fakeVault && !signal.aborted) {
      const known = new Set(defaultSeed().documents.map((document) => document.id));
      const letters = (await readDeadLetters(sqs.client, queues.dlqUrl)).filter(
        (view) => view.code === options.replayCode,
      );
      const documents = missingDocuments(letters, (id) => known.has(id));
      heading(
        io,
        `3. Fix: ${plural(documents.length, 'missing document')} ${documents.length === 1 ? 'appears' : 'appear'} in the fake Vault`,
      );
      for (const document of documents) {
        fakeVault.addDocument(undefined, document);
        writeLine(
          io.stdout,
          `added document ${document.id} with ${document.versions.length === 1 ? 'version' : 'versions'} ${document.versions.map(([a, b]) => `${a}.${b}`).join(', ')}`,
        );
      }
      heading(io, `4. Replay ${options.replayCode} (relay dlq replay --code ${options.replayCode})`);
      const { summary } = await runDlqReplay(
        { ...inspectOptions, codes: [options.replayCode], dryRun: false },
        { sqs: sqs.client, io, now: () => new Date() },
      );
      replayed = summary.moved;
      ledger = new OutcomeLedger();
      heading(io, '5. Relay the replayed messages');
      second = await runPhase({ ...phaseDeps, title: 'replay', enqueued: replayed, ledger });
      heading(io, 'DLQ after the replay (relay dlq inspect)');
      await runDlqInspect(inspectOptions, { sqs: sqs.client, io });
    } else if (!fakeVault) {
      writeLine(io.stdout);
      writeLine(io.stdout, 'Real Vault: the fix-and-replay demonstration needs the fake Vault; skipped.');
    }

    heading(io, 'Accounting');
    const result = await settle({ stack, produced, first, second, replayed, signal });
    printChecks(io, result.checks);
    if (options.json) writeLine(io.stdout, JSON.stringify(result.counts));
    const endpoints = [stack.sqs.endpoint, stack.secrets.endpoint, ...(fakeVault ? [fakeVault.url] : [])];
    return { ...result, endpoints, createdInVault: fakeVault?.relationships() };
  } finally {
    capture.stop();
    restoreEnvironment();
    await stack?.stop();
  }
};

const printStack = (io: CliIo, stack: LocalStack, options: RunOptions) => {
  const vault = stack.fakeVault
    ? `fake Vault ${stack.fakeVault.url} (as ${stack.fakeVault.dns})`
    : `real Vault https://${options.vault.kind === 'real' ? options.vault.dns : '?'}`;
  writeLine(io.stdout, 'vault-relationship-relay, on one machine');
  writeLine(
    io.stdout,
    `  SQS emulator     ${stack.sqs.endpoint} (DLQ after ${stack.maxReceiveCount} receives)`,
  );
  writeLine(io.stdout, `  Secrets Manager  ${stack.secrets.endpoint}`);
  writeLine(io.stdout, `  Vault            ${vault}`);
  writeLine(
    io.stdout,
    `  Handler          functions/create-relationships/handler.ts, MAX_ATTEMPTS ${options.maxAttempts}, ` +
      `${plural(options.concurrency, 'poller')}, batch ${options.batchSize}, window ${options.batchingWindowMs} ms`,
  );
};
