import type { RelationshipMessage } from '../../functions/relationships/message';
import type {
  CallContext,
  Clock,
  CreateResult,
  DeadLetter,
  DeadLetterSink,
  RetryScheduler,
  VaultGateway,
} from '../../functions/relationships/ports';
import type { MessageOutcomeEvent, RelayTelemetry } from '../../functions/relationships/relay-telemetry';

type RowAnswer = CreateResult | Error;

/** A Vault gateway answering each row from a function; remembers every call. */
export class FakeVaultGateway implements VaultGateway {
  readonly calls: { rows: RelationshipMessage[]; remainingTimeMs: number; referenceId?: string }[] = [];
  private nextId = 1000;

  constructor(
    private readonly answer: (row: RelationshipMessage) => RowAnswer = () => ({
      kind: 'created',
      id: this.nextId++,
    }),
    private readonly failWholeCall?: Error,
  ) {}

  async createRelationships(rows: readonly RelationshipMessage[], context: CallContext) {
    this.calls.push({
      rows: [...rows],
      remainingTimeMs: context.remainingTimeMs(),
      referenceId: context.referenceId,
    });
    if (this.failWholeCall) throw this.failWholeCall;
    return rows.map((row): PromiseSettledResult<CreateResult> => {
      const answer = this.answer(row);
      return answer instanceof Error
        ? { status: 'rejected', reason: answer }
        : { status: 'fulfilled', value: answer };
    });
  }
}

/** Keeps every published letter; fails the message ids it is told to fail (or everything). */
export class RecordingDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];

  constructor(private readonly options: { failMessageIds?: string[]; throwError?: Error } = {}) {}

  async publish(letters: readonly DeadLetter[]) {
    if (this.options.throwError) throw this.options.throwError;
    return letters.map((letter): PromiseSettledResult<void> => {
      if (this.options.failMessageIds?.includes(letter.messageId)) {
        return { status: 'rejected', reason: new Error('DLQ refused the entry') };
      }
      this.letters.push(letter);
      return { status: 'fulfilled', value: undefined };
    });
  }
}

export class RecordingRetryScheduler implements RetryScheduler {
  readonly delays: { receiptHandle: string; seconds: number }[] = [];

  constructor(private readonly throwError?: Error) {}

  async delay(items: readonly { receiptHandle: string; seconds: number }[]) {
    if (this.throwError) throw this.throwError;
    this.delays.push(...items);
  }
}

export class RecordingTelemetry implements RelayTelemetry {
  readonly outcomes: MessageOutcomeEvent[] = [];
  readonly warnings: { message: string; details: Record<string, unknown> }[] = [];

  messageOutcome(event: MessageOutcomeEvent) {
    this.outcomes.push(event);
  }

  warning(message: string, details: Record<string, unknown>) {
    this.warnings.push({ message, details });
  }

  outcomeOf(messageId: string): MessageOutcomeEvent | undefined {
    return this.outcomes.find((event) => event.messageId === messageId);
  }
}

/** 2026-01-02T04:00:00.000Z */
export const FIXED_NOW = Date.UTC(2026, 0, 2, 4, 0, 0);
export const fixedClock: Clock = { now: () => FIXED_NOW };

export const callContext = (remainingMs = 60_000, referenceId = 'request-1'): CallContext => ({
  remainingTimeMs: () => remainingMs,
  referenceId,
});
