import { plural } from '../../cli/plural';
import { relationshipKey } from '../../functions/relationships/relationship-key';
import type { CreatedRelationship } from '../fake-vault';
import type { LocalStack } from './local-stack';
import type { ProduceResult } from './produce';
import type { Check, PhaseReport } from './report';

/** The run's final line with --json. Every count is of SQS messages (see docs/local-run.md). */
export interface RunCounts {
  ok: boolean;
  enqueued: number;
  created: number;
  existed: number;
  /** On the DLQ at the end (after the replay, if any). */
  dlq: number;
  firstPass: {
    created: number;
    existed: number;
    rejected: number;
    exhausted: number;
    redriven: number;
    retriedDeliveries: number;
  };
  replay?: { replayed: number; created: number; existed: number; backInDlq: number };
  vaultRelationships?: number;
}

// Distinct relationships across every vault the fake holds: the same row in two vaults is two.
const identity = (row: CreatedRelationship) => JSON.stringify([row.vaultId, relationshipKey(row)]);

const sum = (...values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The invariant the run exists to show: every enqueued message ended in exactly one place.
 * Counted per SQS message: a replayed message is followed to its new copy, so after the replay
 * created + already existed (both passes) + what is on the DLQ at the end = enqueued.
 */
export const settle = async (input: {
  stack: LocalStack;
  produced: ProduceResult;
  first: PhaseReport;
  second?: PhaseReport;
  replayed: number;
  signal: AbortSignal;
}): Promise<{ exitCode: number; counts: RunCounts; checks: Check[] }> => {
  const { first, second, produced, replayed } = input;
  const a = first.outcomes;
  const b = second?.outcomes;
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const phases = second ? [first, second] : [first];
  check(
    'every message reached an outcome',
    !input.signal.aborted && phases.every((phase) => phase.drained && phase.outcomes.pending === 0),
    phases
      .map(
        (phase) =>
          `${phase.title}: ${phase.drained ? 'drained' : 'not drained'}, ${phase.outcomes.pending} waiting`,
      )
      .join('; '),
  );
  const firstDlq = sum(a.rejected, a.exhausted, first.redriven);
  check(
    'first pass: DLQ holds exactly the rejected, exhausted and redriven messages',
    firstDlq === first.dlqTotal,
    `${a.rejected} + ${a.exhausted} + ${first.redriven} = ${firstDlq}; DLQ has ${first.dlqTotal}`,
  );
  check(
    'first pass: created + already existed + in DLQ = enqueued',
    sum(a.created, a.existed, first.dlqTotal) === produced.enqueued,
    `${a.created} + ${a.existed} + ${first.dlqTotal} = ${sum(a.created, a.existed, first.dlqTotal)}; enqueued ${produced.enqueued}`,
  );
  const finalDlq = second?.dlqTotal ?? first.dlqTotal;
  let backInDlq = 0;
  if (second && b) {
    backInDlq = second.dlqTotal - (first.dlqTotal - replayed);
    check(
      'replay: created + already existed + back in DLQ = replayed',
      sum(b.created, b.existed, backInDlq) === replayed,
      `${b.created} + ${b.existed} + ${backInDlq} = ${sum(b.created, b.existed, backInDlq)}; replayed ${replayed}`,
    );
  }
  const created = a.created + (b?.created ?? 0);
  const existed = a.existed + (b?.existed ?? 0);
  check(
    'overall: created + already existed + in DLQ = enqueued',
    sum(created, existed, finalDlq) === produced.enqueued,
    `${created} + ${existed} + ${finalDlq} = ${sum(created, existed, finalDlq)}; enqueued ${produced.enqueued}`,
  );

  let vaultRelationships: number | undefined;
  const fake = input.stack.fakeVault;
  if (fake) {
    const rows = fake.relationships();
    vaultRelationships = rows.length;
    const distinct = new Set(rows.map(identity)).size;
    // A fault after Vault committed (a reset connection, a lost answer) makes the retry find the
    // relationship existing: then Vault holds more than the "created" messages, never more than
    // created + existed. Without faults the two must match exactly.
    const faulted = fake.faultsInjected().length > 0;
    const fits = faulted
      ? rows.length >= created && rows.length <= created + existed
      : rows.length === created;
    check(
      'fake Vault: every created message is one relationship, none twice',
      fits && distinct === rows.length,
      `${plural(rows.length, 'relationship')} (${distinct} distinct) for ${created} created${faulted ? ` + ${existed} existed (faults injected)` : ''}`,
    );
  }

  const ok = checks.every((entry) => entry.ok);
  const counts: RunCounts = {
    ok,
    enqueued: produced.enqueued,
    created,
    existed,
    dlq: finalDlq,
    firstPass: {
      created: a.created,
      existed: a.existed,
      rejected: a.rejected,
      exhausted: a.exhausted,
      redriven: first.redriven,
      retriedDeliveries: a.retriedDeliveries,
    },
    ...(second && b ? { replay: { replayed, created: b.created, existed: b.existed, backInDlq } } : {}),
    ...(vaultRelationships !== undefined ? { vaultRelationships } : {}),
  };
  return { exitCode: ok ? 0 : 1, counts, checks };
};
