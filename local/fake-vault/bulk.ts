import { parse as parseCsv } from 'csv-parse/sync';
import { type VaultBody, VaultFailure } from './envelope';
import { createRelationship, type RelationshipContext } from './relationship-handlers';
import type { RelationshipInput } from './relationship-rules';

export const MAX_BULK_ROWS = 1000;

const parseRows = (contentType: string, body: string): unknown[] => {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new VaultFailure('INVALID_DATA', 'The request body is not valid JSON.');
    }
    if (!Array.isArray(parsed))
      throw new VaultFailure('INVALID_DATA', 'The JSON body must be an array of rows.');
    return parsed;
  }
  if (mediaType === 'text/csv') {
    try {
      return parseCsv(body, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (error) {
      throw new VaultFailure('INVALID_DATA', `The CSV body could not be parsed: ${(error as Error).message}`);
    }
  }
  throw new VaultFailure('INVALID_DATA', 'Content-Type must be application/json or text/csv.');
};

/** The ids of a row, echoed back so a human reading the answer can match it; clients rely on order. */
const echo = (row: unknown) => {
  if (typeof row !== 'object' || row === null) return {};
  const { source_doc_id__v, target_doc_id__v } = row as Record<string, unknown>;
  return { source_doc_id__v, target_doc_id__v };
};

/**
 * POST /objects/documents/relationships/batch: up to 1000 rows, one result per row in input
 * order. Rows are applied one after the other, so a row repeating an earlier row of the same
 * call meets the duplicate rule like any other duplicate.
 */
export const createBulk = (
  context: RelationshipContext,
  contentType: string,
  body: string,
  partialFailureStatus: 'SUCCESS' | 'WARNING',
): VaultBody => {
  if (body.trim().length === 0) throw new VaultFailure('PARAMETER_REQUIRED', 'The request body is empty.');
  const rows = parseRows(contentType, body);
  if (rows.length === 0) throw new VaultFailure('INVALID_DATA', 'The request contains no rows.');
  if (rows.length > MAX_BULK_ROWS) {
    throw new VaultFailure(
      'INVALID_DATA',
      `The request contains ${rows.length} rows; at most ${MAX_BULK_ROWS} are allowed per call.`,
    );
  }
  const data = rows.map((row) => {
    const result =
      typeof row === 'object' && row !== null && !Array.isArray(row)
        ? createRelationship(context, row as RelationshipInput)
        : ({
            responseStatus: 'FAILURE',
            errors: [{ type: 'INVALID_DATA', message: 'Each row must be an object.' }],
          } as const);
    return { ...result, ...echo(row) };
  });
  const failed = data.filter((row) => row.responseStatus === 'FAILURE').length;
  if (failed > 0 && partialFailureStatus === 'WARNING') {
    return {
      responseStatus: 'WARNING',
      warnings: [{ type: 'INVALID_DATA', message: `${failed} of ${data.length} rows failed.` }],
      data,
    };
  }
  return { responseStatus: 'SUCCESS', data };
};
