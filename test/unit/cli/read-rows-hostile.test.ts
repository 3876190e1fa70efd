import { describe, expect, it } from 'vitest';
import { readCsvRows, readJsonLines } from '../../../cli/enqueue/read-rows';
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

  it('numbers a 100,000-row file with CRLF and a multi-line cell in one pass', () => {
    // prepare: line numbers used to be recounted from the start of the file for every record,
    // which took about 45 s for 50,000 rows (minutes for these, beyond the test timeout); now it is one pass
    const rows = Array.from(
      { length: 100_000 },
      (_, index) => `${500 + (index % 400)},0,1,549,related_document__v`,
    );
    rows[10] = '548,0,1,549,"related\r\ndocument__v"';
    const csv = `${HEADER}\r\n${rows.join('\r\n')}\r\n`;

    // act
    const read = readCsvRows(Buffer.from(csv));

    // assess: the multi-line record starts on line 12, the ones after it one line later
    expect(read).toHaveLength(100_000);
    expect(read[10]?.line).toBe(12);
    expect(read[11]?.line).toBe(14);
    expect(read[99_999]?.line).toBe(100_002);
  });

  it.each([
    ['semicolons', HEADER.replaceAll(',', ';'), /separated by ";"/],
    ['tabs', HEADER.replaceAll(',', '\t'), /separated by tabs/],
  ])(
    'says a header separated by %s is not comma-separated, instead of flagging every row',
    (_, header, named) => {
      // prepare: a European-locale spreadsheet export
      const csv = `${header}\n548;0;1;549;supporting_documents__vs\n`;

      // act
      const read = () => readCsvRows(Buffer.from(csv));

      // assess
      expect(read).toThrow(CliInputError);
      expect(read).toThrow(named);
    },
  );

  it('says a UTF-16 file (Excel "Unicode text") must be saved as UTF-8', () => {
    // prepare
    const csv = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${HEADER}\n548,0,1,549,related_document__v\n`, 'utf16le'),
    ]);

    // act
    const read = () => readCsvRows(csv);

    // assess
    expect(read).toThrow(/UTF-16.*UTF-8/);
  });
});

describe('readJsonLines with hostile files', () => {
  it('reports a line that gives a field twice instead of keeping the last value', () => {
    // prepare: JSON.parse keeps the 999; the relay itself rejects such a body, the CLI re-serialised it
    const text =
      '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,' +
      '"target_doc_id__v":549,"relationship_type__v":"related_document__v","target_doc_id__v":999}\n';

    // act
    const rows = readJsonLines(Buffer.from(text));

    // assess
    expect(rows).toEqual([
      { line: 1, ok: false, fields: ['target_doc_id__v'], problem: 'gives target_doc_id__v more than once' },
    ]);
  });
});
