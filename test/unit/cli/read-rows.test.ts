import { describe, expect, it } from 'vitest';
import { detectFormat, readCsvRows, readJsonLines } from '../../../cli/enqueue/read-rows';
import { CliInputError } from '../../../cli/errors';

describe('readCsvRows', () => {
  it('numbers rows by the line they start on, with CRLF, a BOM, blank lines and a multi-line field', () => {
    // prepare
    const csv = ['\ufeffa,b', '1,2', '', '"x,\r\ny","say ""hi"""', '3,4', ''].join('\r\n');

    // act
    const rows = readCsvRows(Buffer.from(csv));

    // assess
    expect(rows).toEqual([
      { line: 2, ok: true, value: { a: '1', b: '2' } },
      { line: 4, ok: true, value: { a: 'x,\r\ny', b: 'say "hi"' } },
      { line: 6, ok: true, value: { a: '3', b: '4' } },
    ]);
  });

  it('leaves empty cells out and reports a row whose field count does not match the header', () => {
    // prepare
    const csv = 'a,b,c\n1,,3\n1,2\n';

    // act
    const rows = readCsvRows(Buffer.from(csv));

    // assess
    expect(rows).toEqual([
      { line: 2, ok: true, value: { a: '1', c: '3' } },
      { line: 3, ok: false, fields: ['(row)'], problem: 'has 2 fields but the header has 3' },
    ]);
  });

  it('rejects an empty file and an unclosed quote with the line', () => {
    // act + assess
    expect(() => readCsvRows(Buffer.from(''))).toThrow(CliInputError);
    expect(() => readCsvRows(Buffer.from('a,b\n"open,1\n2,3\n'))).toThrow(/record starting on line 2/);
  });
});

describe('readJsonLines', () => {
  it('skips blank lines but counts them, and reports lines that are not JSON objects', () => {
    // prepare
    const text = '{"a":1}\n\n[1]\nnope\n{"b":2}\n';

    // act
    const rows = readJsonLines(Buffer.from(text));

    // assess
    expect(rows).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 3, ok: false, fields: ['(line)'], problem: 'must be a JSON object with one relationship' },
      { line: 4, ok: false, fields: ['(line)'], problem: 'is not valid JSON' },
      { line: 5, ok: true, value: { b: 2 } },
    ]);
  });
});

describe('detectFormat', () => {
  it.each([
    ['links.csv', '{"looks":"json"}', undefined, 'csv'],
    ['links.NDJSON', 'a,b', undefined, 'jsonl'],
    ['links.jsonl', 'a,b', undefined, 'jsonl'],
    ['links.txt', '\ufeff  {"a":1}', undefined, 'jsonl'],
    ['links', 'source_doc_id__v,x', undefined, 'csv'],
    ['links.csv', 'a', 'jsonl', 'jsonl'],
  ] as const)('%s with %j (format %s) is %s', (path, content, explicit, expected) => {
    // act + assess
    expect(detectFormat(path, Buffer.from(content), explicit)).toBe(expected);
  });
});
