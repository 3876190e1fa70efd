import { describe, expect, it } from 'vitest';
import type { VaultEnvelope } from '../../../functions/vault/classify-vault-answer';
import {
  DEFAULT_DUPLICATE_PATTERN,
  isDuplicateFailure,
} from '../../../functions/vault/duplicate-relationship';

const failureWith = (type: string, message: string): VaultEnvelope => ({
  responseStatus: 'FAILURE',
  errors: [{ type, message }],
});

describe('isDuplicateFailure', () => {
  it.each([
    ['INVALID_DATA', 'Document relationship already exists [id 12]: 548 v0.1 → 549.'],
    ['OPERATION_NOT_ALLOWED', 'Relationship already exist for this document.'],
    ['ITEM_NAME_EXISTS', 'Duplicate relationship.'],
    ['INVALID_DATA', 'duplicate document relationship for source 548'],
  ])('takes %s "%s" as an existing relationship', (type, message) => {
    // Prepare
    const envelope = failureWith(type, message);

    // Act
    const duplicate = isDuplicateFailure(envelope, DEFAULT_DUPLICATE_PATTERN);

    // Assess
    expect(duplicate).toBe(true);
  });

  it.each([
    ['INVALID_DATA', 'Invalid document id [99999].'],
    ['INVALID_DATA', 'Duplicate column [target_doc_id__v] in the input.'],
    ['PARAMETER_REQUIRED', 'Missing required parameter [relationship_type__v].'],
    ['UNEXPECTED_ERROR', 'The relationship already exists in a pending operation.'],
    ['USERNAME_OR_PASSWORD_INCORRECT', 'A session already exists.'],
  ])('does not take %s "%s" as an existing relationship', (type, message) => {
    // Prepare
    const envelope = failureWith(type, message);

    // Act
    const duplicate = isDuplicateFailure(envelope, DEFAULT_DUPLICATE_PATTERN);

    // Assess
    expect(duplicate).toBe(false);
  });

  it('only looks at FAILURE answers, and can be switched off', () => {
    // Prepare
    const exception: VaultEnvelope = {
      responseStatus: 'EXCEPTION',
      errors: [{ type: 'X', message: 'already exists' }],
    };
    const failure = failureWith('INVALID_DATA', 'Document relationship already exists.');

    // Act
    const fromException = isDuplicateFailure(exception, DEFAULT_DUPLICATE_PATTERN);
    const switchedOff = isDuplicateFailure(failure, /(?!)/);

    // Assess
    expect(fromException).toBe(false);
    expect(switchedOff).toBe(false);
  });
});
