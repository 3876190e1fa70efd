import { type RelayFailure, relayFailureSchema } from '../../functions/relationships/dead-letter-format';
import { relationshipKey, type SoakMessage } from './message-generator';
import type { SecretFinding } from './secret-scan';

/** One message read off the DLQ at the end of the run. */
export interface DeadLetterRecord {
  sqsMessageId: string;
  /** The `soak.id` attribute; missing means the relay dropped the producer's attributes. */
  soakId?: string;
  /** The raw `relay.failure` attribute; missing means the message got there without the relay. */
  failureAttribute?: string;
}

/** A relationship row as the fake Vault reports it (Vault's own column names). */
export type VaultRow = Parameters<typeof relationshipKey>[0];

export interface SoakEvidence {
  messages: readonly SoakMessage[];
  /** Every relationship in the fake Vault after the run. */
  relationships: readonly VaultRow[];
  /** Keys that existed before the run (the fake's own seed); they are not the soak's. */
  preexistingKeys?: ReadonlySet<string>;
  deadLetters: readonly DeadLetterRecord[];
  maxAttempts: number;
  /** Messages that were in an abandoned (crashed) invocation at least once; only used to explain. */
  abandoned?: ReadonlySet<string>;
}

export type Rule =
  | 'unaccounted'
  | 'both-created-and-dead-lettered'
  | 'dead-letter-without-reason'
  | 'dead-letter-without-soak-id'
  | 'duplicate-relationship'
  | 'unexpected-relationship'
  | 'transient-before-max-attempts'
  | 'valid-message-rejected'
  | 'invalid-message-created'
  | 'invalid-message-misclassified'
  | 'secret-in-logs'
  | 'too-many-failed-logins';

export interface Violation {
  rule: Rule;
  /** Message ids (soak ids; SQS ids or relationship keys where no soak id exists). */
  ids: string[];
  detail: string;
  /** What the DLQ said about each offending message (code, attempts, source message id), for routing. */
  evidence?: string[];
}

/** Where each message ended: the fake Vault, the DLQ (with its parsed reasons), both, or nowhere. */
export interface MessageFate {
  message: SoakMessage;
  created: boolean;
  failures: (RelayFailure | undefined)[];
}

const parseFailure = (raw: string | undefined): RelayFailure | undefined => {
  if (raw === undefined) return undefined;
  try {
    const parsed = relayFailureSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const group = <T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
};

export const messageFates = (evidence: SoakEvidence): MessageFate[] => {
  const rowsByKey = group(evidence.relationships, relationshipKey);
  const lettersById = group(evidence.deadLetters, (letter) => letter.soakId);
  return evidence.messages.map((message) => ({
    message,
    created: message.key !== undefined && rowsByKey.has(message.key),
    failures: (lettersById.get(message.soakId) ?? []).map((letter) => parseFailure(letter.failureAttribute)),
  }));
};

const violation = (
  rule: Rule,
  ids: string[],
  detail: string,
  explain?: (id: string) => string,
): Violation[] =>
  ids.length > 0 ? [{ rule, ids, detail, ...(explain ? { evidence: ids.map(explain) } : {}) }] : [];

const describeFate = (fate: MessageFate | undefined, abandoned?: ReadonlySet<string>): string => {
  if (!fate) return '(unknown message)';
  const crashed = abandoned?.has(fate.message.soakId) ? ', in an abandoned invocation' : '';
  const letters = fate.failures.map((failure) =>
    failure
      ? `${failure.code}/${failure.category} after ${failure.attempts} attempt(s), SQS id ${failure.sourceMessageId}: ${failure.message}`
      : 'no relay.failure (redrive policy move)',
  );
  return `${fate.message.soakId} [${fate.message.kind}${fate.created ? ', created in Vault' : ''}${crashed}] ${
    letters.length > 0 ? letters.join(' | ') : 'not on the DLQ'
  }`;
};

const idsWhere = (fates: readonly MessageFate[], test: (fate: MessageFate) => boolean) =>
  fates.filter(test).map((fate) => fate.message.soakId);

/**
 * The soak's promise, checked on the final state: every message created exactly once in Vault or
 * explained in the DLQ, and explained for the right reason. Pure: the runner gathers the evidence.
 */
export const checkMessageInvariants = (evidence: SoakEvidence): Violation[] => {
  const fates = messageFates(evidence);
  const fateOf = new Map(fates.map((fate) => [fate.message.soakId, fate]));
  const explain = (id: string) => describeFate(fateOf.get(id), evidence.abandoned);
  const inDlq = (fate: MessageFate) => fate.failures.length > 0;
  const reasons = (fate: MessageFate) => fate.failures.filter((failure) => failure !== undefined);
  const knownIds = new Set(evidence.messages.map((message) => message.soakId));
  const keyOwners = new Map(evidence.messages.flatMap((m) => (m.key ? [[m.key, m.soakId] as const] : [])));
  const rowsByKey = group(evidence.relationships, relationshipKey);
  const soakKeys = [...rowsByKey.keys()].filter((key) => !evidence.preexistingKeys?.has(key));

  return [
    ...violation(
      'unaccounted',
      idsWhere(fates, (fate) => !fate.created && !inDlq(fate)),
      'neither created in Vault nor on the DLQ',
    ),
    ...violation(
      'both-created-and-dead-lettered',
      idsWhere(fates, (fate) => fate.created && inDlq(fate)),
      'created in Vault and also parked on the DLQ',
      explain,
    ),
    ...violation(
      'dead-letter-without-reason',
      idsWhere(fates, (fate) => fate.failures.some((failure) => failure === undefined)),
      'on the DLQ without a valid relay.failure attribute (moved by the redrive policy, or a malformed record)',
      explain,
    ),
    ...violation(
      'dead-letter-without-soak-id',
      evidence.deadLetters
        .filter((letter) => letter.soakId === undefined || !knownIds.has(letter.soakId))
        .map((letter) => letter.sqsMessageId),
      'DLQ message whose soak.id attribute is missing or unknown (producer attributes not kept)',
    ),
    ...violation(
      'duplicate-relationship',
      soakKeys.filter((key) => (rowsByKey.get(key)?.length ?? 0) > 1).map((key) => keyOwners.get(key) ?? key),
      'the same relationship exists more than once in Vault',
    ),
    ...violation(
      'unexpected-relationship',
      soakKeys.filter((key) => !keyOwners.has(key)),
      'a relationship in Vault that no message asked for',
    ),
    ...violation(
      'transient-before-max-attempts',
      idsWhere(fates, (fate) =>
        reasons(fate).some(
          (failure) =>
            failure.category === 'transient' &&
            (failure.code !== 'RETRIES_EXHAUSTED' || failure.attempts < evidence.maxAttempts),
        ),
      ),
      `parked for a transient reason before ${evidence.maxAttempts} attempts (or not as RETRIES_EXHAUSTED)`,
      explain,
    ),
    ...violation(
      'valid-message-rejected',
      idsWhere(
        fates,
        (fate) =>
          fate.message.kind === 'valid' && reasons(fate).some((failure) => failure.category === 'permanent'),
      ),
      'a valid message naming existing documents was rejected as permanent (only transient faults are injected)',
      explain,
    ),
    ...violation(
      'invalid-message-created',
      idsWhere(fates, (fate) => fate.message.kind !== 'valid' && fate.created),
      'a message naming an unknown document was created in Vault',
    ),
    ...violation(
      'invalid-message-misclassified',
      idsWhere(
        fates,
        (fate) =>
          fate.message.kind === 'invalid' &&
          reasons(fate).some((failure) => failure.code !== 'INVALID_MESSAGE'),
      ),
      'a message failing the schema was parked with a code other than INVALID_MESSAGE',
      explain,
    ),
  ];
};

export interface OutcomeCounts {
  messages: number;
  byKind: Record<string, number>;
  created: number;
  deadLettered: number;
  /** DLQ messages by relay.failure code ("(no reason)" for redrive moves). */
  deadLettersByCode: Record<string, number>;
  /** Messages parked more than once (at-least-once: a crash between the DLQ send and the delete). */
  deadLetteredTwice: string[];
}

export const countOutcomes = (evidence: SoakEvidence): OutcomeCounts => {
  const fates = messageFates(evidence);
  const byKind: Record<string, number> = {};
  for (const message of evidence.messages) byKind[message.kind] = (byKind[message.kind] ?? 0) + 1;
  const deadLettersByCode: Record<string, number> = {};
  for (const letter of evidence.deadLetters) {
    const code = parseFailure(letter.failureAttribute)?.code ?? '(no reason)';
    deadLettersByCode[code] = (deadLettersByCode[code] ?? 0) + 1;
  }
  return {
    messages: evidence.messages.length,
    byKind,
    created: fates.filter((fate) => fate.created).length,
    deadLettered: fates.filter((fate) => fate.failures.length > 0).length,
    deadLettersByCode,
    deadLetteredTwice: idsWhere(fates, (fate) => fate.failures.length > 1),
  };
};

/** No captured log line may contain a password or a session id; ids name the line and what leaked. */
export const checkLogInvariant = (findings: readonly SecretFinding[]): Violation[] =>
  violation(
    'secret-in-logs',
    findings.map((finding) => `log line ${finding.line + 1}: ${finding.label}`),
    'a captured log line contains a password or a session id',
  );

/** The circuit breaker must keep failed logins within the bound (see login-bound.ts). */
export const checkLoginInvariant = (loginFailures: number, bound: number): Violation[] =>
  violation(
    'too-many-failed-logins',
    loginFailures > bound ? [`${loginFailures} failed logins`] : [],
    `failed logins exceeded the circuit breaker's bound of ${bound}`,
  );
