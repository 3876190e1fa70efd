import { describe, expect, it } from 'vitest';
import {
  checkLogInvariant,
  checkLoginInvariant,
  checkMessageInvariants,
  countOutcomes,
  type DeadLetterRecord,
  type SoakEvidence,
} from '../../../local/soak/invariants';
import type { SoakMessage } from '../../../local/soak/message-generator';

const row = (source: number, target: number) => ({
  source_doc_id__v: source,
  source_major_version__v: 0,
  source_minor_version__v: 1,
  target_doc_id__v: target,
  target_major_version__v: 1,
  target_minor_version__v: 0,
  relationship_type__v: 'supporting_documents__vs',
});
const keyOf = (source: number, target: number) => `${source}@0.1>${target}@1.0:supporting_documents__vs`;

const valid = (soakId: string, source: number, target: number): SoakMessage => ({
  soakId,
  kind: 'valid',
  body: JSON.stringify(row(source, target)),
  key: keyOf(source, target),
});
const invalid = (soakId: string): SoakMessage => ({ soakId, kind: 'invalid', body: '{' });
const unknown = (soakId: string): SoakMessage => ({
  soakId,
  kind: 'unknown-document',
  body: JSON.stringify(row(1, 9_000_000)),
  key: keyOf(1, 9_000_000),
});

const failure = (code: string, category: 'permanent' | 'transient', attempts: number) =>
  JSON.stringify({
    code,
    category,
    message: 'why',
    attempts,
    sourceMessageId: 'sqs-id',
    sourceQueue: 'queue',
    firstReceivedAt: '2026-01-01T00:00:00.000Z',
    failedAt: '2026-01-01T00:00:01.000Z',
    replayCount: 0,
  });
const letter = (soakId: string | undefined, failureAttribute?: string): DeadLetterRecord => ({
  sqsMessageId: `sqs-${soakId ?? 'x'}`,
  soakId,
  failureAttribute,
});

const evidence = (overrides: Partial<SoakEvidence>): SoakEvidence => ({
  messages: [],
  relationships: [],
  deadLetters: [],
  maxAttempts: 5,
  ...overrides,
});

const rulesOf = (found: { rule: string; ids: string[] }[]) => found.map((v) => [v.rule, v.ids]);

describe('checkMessageInvariants', () => {
  it('passes when every message is created once or parked for the right reason', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2), valid('m2', 1, 3), invalid('m3'), unknown('m4')],
      relationships: [row(1, 2)],
      deadLetters: [
        letter('m2', failure('RETRIES_EXHAUSTED', 'transient', 5)),
        letter('m3', failure('INVALID_MESSAGE', 'permanent', 1)),
        letter('m4', failure('VAULT_INVALID_DATA', 'permanent', 1)),
      ],
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(violations).toEqual([]);
  });

  it('names messages that are nowhere, or in both places', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2), valid('m2', 1, 3)],
      relationships: [row(1, 2)],
      deadLetters: [letter('m1', failure('RETRIES_EXHAUSTED', 'transient', 5))],
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(rulesOf(violations)).toEqual([
      ['unaccounted', ['m2']],
      ['both-created-and-dead-lettered', ['m1']],
    ]);
  });

  it('flags dead letters without a reason (redrive moves) and without a soak id', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2), invalid('m2')],
      deadLetters: [letter('m1'), letter('m2', '{"code":"broken"}'), letter(undefined)],
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(rulesOf(violations)).toEqual([
      ['dead-letter-without-reason', ['m1', 'm2']],
      ['dead-letter-without-soak-id', ['sqs-x']],
    ]);
  });

  it('flags a relationship created twice and one nobody asked for, ignoring what existed before', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2)],
      relationships: [row(1, 2), row(1, 2), row(5, 6), row(7, 8)],
      preexistingKeys: new Set([keyOf(7, 8)]),
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(rulesOf(violations)).toEqual([
      ['duplicate-relationship', ['m1']],
      ['unexpected-relationship', [keyOf(5, 6)]],
    ]);
  });

  it('flags transient parking before MAX_ATTEMPTS and permanent rejection of a valid message', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2), valid('m2', 1, 3), valid('m3', 1, 4)],
      deadLetters: [
        letter('m1', failure('RETRIES_EXHAUSTED', 'transient', 4)),
        letter('m2', failure('VAULT_EXCEPTION', 'transient', 5)),
        letter('m3', failure('VAULT_INVALID_DATA', 'permanent', 1)),
      ],
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(rulesOf(violations)).toEqual([
      ['transient-before-max-attempts', ['m1', 'm2']],
      ['valid-message-rejected', ['m3']],
    ]);
  });

  it('flags an unknown-document message that was created and an invalid one parked with the wrong code', () => {
    // prepare
    const input = evidence({
      messages: [unknown('m1'), invalid('m2')],
      relationships: [row(1, 9_000_000)],
      deadLetters: [letter('m2', failure('VAULT_INVALID_DATA', 'permanent', 1))],
    });

    // act
    const violations = checkMessageInvariants(input);

    // assess
    expect(rulesOf(violations)).toEqual([
      ['invalid-message-created', ['m1']],
      ['invalid-message-misclassified', ['m2']],
    ]);
  });
});

describe('countOutcomes', () => {
  it('counts kinds, creations, dead letters by code and messages parked twice', () => {
    // prepare
    const input = evidence({
      messages: [valid('m1', 1, 2), invalid('m2'), unknown('m3')],
      relationships: [row(1, 2)],
      deadLetters: [
        letter('m2', failure('INVALID_MESSAGE', 'permanent', 1)),
        letter('m2', failure('INVALID_MESSAGE', 'permanent', 2)),
        letter('m3'),
      ],
    });

    // act
    const counts = countOutcomes(input);

    // assess
    expect(counts).toEqual({
      messages: 3,
      byKind: { valid: 1, invalid: 1, 'unknown-document': 1 },
      created: 1,
      deadLettered: 2,
      deadLettersByCode: { INVALID_MESSAGE: 2, '(no reason)': 1 },
      deadLetteredTwice: ['m2'],
    });
  });
});

describe('checkLogInvariant and checkLoginInvariant', () => {
  it('reports the leaking line and what leaked, never the secret', () => {
    // prepare / act
    const violations = checkLogInvariant([{ line: 41, label: 'session id #3' }]);

    // assess
    expect(rulesOf(violations)).toEqual([['secret-in-logs', ['log line 42: session id #3']]]);
  });

  it('passes at the bound and fails above it', () => {
    // prepare / act / assess
    expect(checkLoginInvariant(4, 4)).toEqual([]);
    expect(rulesOf(checkLoginInvariant(5, 4))).toEqual([['too-many-failed-logins', ['5 failed logins']]]);
  });
});
