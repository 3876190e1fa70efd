import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRelationshipMessage } from '../../../functions/relationships/message';
import { MESSAGE_SCHEMA_PATH, renderMessageSchema } from '../../../scripts/message-schema-file';
import { rejectionOf, withFields } from '../../support/malformed-message';
import { seedRelationship } from '../../support/sqs-event-builder';

const without = (field: string) => {
  const message: Record<string, unknown> = { ...seedRelationship() };
  delete message[field];
  return JSON.stringify(message);
};

describe('the committed JSON Schema', () => {
  it('is what `npm run schema` generates from the zod schema today', () => {
    const committed = readFileSync(MESSAGE_SCHEMA_PATH, 'utf8');

    const generated = renderMessageSchema();

    expect(committed).toBe(generated);
  });
});

describe('message rejections name their field', () => {
  it.each([
    ['an unknown field (typo)', withFields({ target_doc_id: 549 }), 'target_doc_id'],
    ['a negative id', withFields({ source_doc_id__v: -1 }), 'source_doc_id__v'],
    ['a fractional id', withFields({ target_doc_id__v: 549.5 }), 'target_doc_id__v'],
    ['an id above 2^31 - 1', withFields({ target_doc_id__v: 2 ** 31 }), 'target_doc_id__v'],
    ['a digit string above 2^31 - 1', withFields({ target_doc_id__v: '2147483648' }), 'target_doc_id__v'],
    ['a path in a digit string', withFields({ source_doc_id__v: '548/../1' }), 'source_doc_id__v'],
    ['exponent notation', withFields({ source_major_version__v: '5e2' }), 'source_major_version__v'],
    ['a padded digit string', withFields({ source_minor_version__v: ' 1' }), 'source_minor_version__v'],
    ['a missing source version', without('source_minor_version__v'), 'source_minor_version__v'],
    ['a missing target id', without('target_doc_id__v'), 'target_doc_id__v'],
    ['a missing type', without('relationship_type__v'), 'relationship_type__v'],
    [
      'a type without namespace',
      withFields({ relationship_type__v: 'supporting_documents' }),
      'relationship_type__v',
    ],
    ['an upper-case type', withFields({ relationship_type__v: 'Supporting__vs' }), 'relationship_type__v'],
    ['a lone target major version', without('target_minor_version__v'), 'target_minor_version__v'],
    ['a lone target minor version', without('target_major_version__v'), 'target_major_version__v'],
    ['a body that is not JSON', '{"source_doc_id__v": 548', '(body)'],
    ['a JSON array', '[]', '(body)'],
    ['JSON null', 'null', '(body)'],
  ])('rejects %s', (_, body, field) => {
    const error = rejectionOf(body);

    expect(error.fields).toContain(field);
    expect(error.code).toBe('INVALID_MESSAGE');
    if (field !== '(body)') expect(error.message).toContain(field);
  });

  it('says a relationship type is too long rather than not a string', () => {
    const error = rejectionOf(withFields({ relationship_type__v: `${'a'.repeat(10_000)}__v` }));

    expect(error.message).toBe('relationship_type__v must be at most 128 characters');
  });

  it('says a body starting with a byte order mark is not JSON because of it', () => {
    const error = rejectionOf(`\uFEFF${withFields({})}`);

    expect(error.fields).toEqual(['(body)']);
    expect(error.message).toBe('body is not valid JSON: it starts with a byte order mark (U+FEFF)');
  });

  it('names every wrong field of one message', () => {
    const body = withFields({ source_doc_id__v: 'x', target_doc_id__v: -2, extra: true });

    const error = rejectionOf(body);

    expect(error.fields).toEqual(expect.arrayContaining(['source_doc_id__v', 'target_doc_id__v', 'extra']));
  });

  it('accepts digit strings and normalises them to numbers', () => {
    const body = withFields({ source_doc_id__v: '548', target_major_version__v: '0' });

    const message = parseRelationshipMessage(body);

    expect(message).toMatchObject({ source_doc_id__v: 548, target_major_version__v: 0 });
  });
});
