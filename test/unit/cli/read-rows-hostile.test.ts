import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../cli/enqueue/read-rows';
import { CliInputError } from '../../../cli/errors';

const HEADER =
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,relationship_type__v';

describe('readCsvRows with hostile files', () => {
  it('refuses a header that names a column twice instead of letting the later cell win', () => {
    // prepare: the second target_doc_id__v would silently replace the first
    const csv = `${HEADER},target_doc_id__v\n548,0,1,549,supporting_documents__vs,999\n`;

    // act
    const read = () => readCsvRows(Buffer.from(csv));

    // assess
    expect(read).toThrow(CliInputError);
    expect(read).toThrow('the CSV header names target_doc_id__v more than once');
  });
});
