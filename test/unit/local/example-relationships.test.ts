import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateRelationshipMessage } from '../../../functions/relationships/message';
import { defaultSeed } from '../../../local/fake-vault';
import { generateExampleRows, LATE_DOCUMENT_IDS, toCsv } from '../../../local/run/example-relationships';

const asMessage = (row: Record<string, string>) =>
  Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''));

describe('generateExampleRows', () => {
  it('is the committed examples/relationships.csv (regenerate with tsx local/make-example-csv.ts)', async () => {
    const committed = await readFile('examples/relationships.csv', 'utf8');

    const generated = toCsv(generateExampleRows({ total: 300 }));

    expect(committed).toBe(generated);
  });

  it('starts with the seed page’s example and repeats the same rows for the same seed', () => {
    const first = generateExampleRows({ total: 120 });
    const again = generateExampleRows({ total: 120 });

    expect(first).toEqual(again);
    expect(first).toHaveLength(120);
    expect(first[0]).toEqual({
      source_doc_id__v: '548',
      source_major_version__v: '0',
      source_minor_version__v: '1',
      target_doc_id__v: '548',
      target_major_version__v: '0',
      target_minor_version__v: '2',
      relationship_type__v: 'supporting_documents__vs',
    });
  });

  it('mixes duplicates, late documents, a standard type and rows that fail the schema', () => {
    const rows = generateExampleRows({ total: 300 });
    const seedIds = new Set(defaultSeed().documents.map((document) => document.id));
    const late = new Set<string>(LATE_DOCUMENT_IDS.map(String));

    const keys = rows.map((row) => JSON.stringify(row));
    const duplicates = keys.length - new Set(keys).size;
    const invalid = rows.filter((row) => {
      try {
        validateRelationshipMessage(asMessage(row));
        return false;
      } catch {
        return true;
      }
    });
    const naming = rows.filter((row) => late.has(row.source_doc_id__v) || late.has(row.target_doc_id__v));

    expect(duplicates).toBeGreaterThanOrEqual(15);
    expect(invalid).toHaveLength(12);
    expect(naming).toHaveLength(12);
    expect(rows.filter((row) => row.relationship_type__v === 'based_on__v')).toHaveLength(6);
    expect([...late].every((id) => !seedIds.has(Number(id)))).toBe(true);
  });

  it('quotes cells that hold commas', () => {
    const csv = toCsv([{ ...generateExampleRows({ total: 1 })[0], relationship_type__v: 'a, b' } as never]);

    expect(csv.split('\n')[1]).toMatch(/,"a, b"$/);
  });
});
