import { describe, expect, it } from 'vitest';
import type { DeadLetterView } from '../../../cli/dlq/dead-letter-view';
import { missingDocuments } from '../../../local/run/missing-documents';

const letter = (body: unknown): DeadLetterView => ({
  messageId: 'm',
  receiptHandle: 'r',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: {},
  code: 'VAULT_INVALID_DATA',
});

const row = (source: number, target: number, targetVersion?: [number, number]) => ({
  source_doc_id__v: source,
  source_major_version__v: 1,
  source_minor_version__v: 0,
  target_doc_id__v: target,
  ...(targetVersion
    ? { target_major_version__v: targetVersion[0], target_minor_version__v: targetVersion[1] }
    : {}),
  relationship_type__v: 'supporting_documents__vs',
});

describe('missingDocuments', () => {
  it('names each unknown document once, with every version the letters ask for', () => {
    const letters = [letter(row(950, 548, [0, 2])), letter(row(548, 950, [0, 1])), letter(row(548, 951))];

    const documents = missingDocuments(letters, (id) => id === 548);

    expect(documents).toEqual([
      {
        id: 950,
        versions: [
          [0, 1],
          [1, 0],
        ],
      },
      { id: 951, versions: [[0, 1]] },
    ]);
  });

  it('skips bodies that are not valid messages and documents the vault has', () => {
    const letters = [letter('not json'), letter({ source_doc_id__v: 'x' }), letter(row(548, 549, [9, 9]))];

    const documents = missingDocuments(letters, () => true);

    expect(documents).toEqual([]);
  });
});
