import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  FAILURE_ATTRIBUTE,
  type RelayFailure,
  relayFailureSchema,
} from '../../functions/relationships/dead-letter-format';

/** The code shown for a message whose `relay.failure` attribute is missing or unreadable. */
export const UNKNOWN_CODE = 'UNKNOWN';

/** The relationship a body names, read without validation: only to show an operator. */
export interface DocumentRef {
  source?: string;
  target?: string;
  type?: string;
}

/** A received DLQ message with its failure record decoded. */
export interface DeadLetterView {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  failure?: RelayFailure;
  code: string;
  /** When it failed: the record's failedAt, else when it was sent to the DLQ. */
  failedAt?: Date;
  documents?: DocumentRef;
}

const parseFailure = (attribute: MessageAttributeValue | undefined): RelayFailure | undefined => {
  if (!attribute?.StringValue) return undefined;
  try {
    const parsed = relayFailureSchema.safeParse(JSON.parse(attribute.StringValue));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const scalar = (value: unknown): string | undefined =>
  typeof value === 'number' || (typeof value === 'string' && value.length <= 64) ? String(value) : undefined;

const documentLabel = (id: unknown, major: unknown, minor: unknown): string | undefined => {
  const doc = scalar(id);
  if (doc === undefined) return undefined;
  const majorText = scalar(major);
  const minorText = scalar(minor);
  return majorText !== undefined && minorText !== undefined ? `${doc} v${majorText}.${minorText}` : doc;
};

/** Reads document ids out of a body when it is a JSON object; producer data, safe to show. */
export const documentsFromBody = (body: string): DocumentRef | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const row = value as Record<string, unknown>;
  const refs: DocumentRef = {
    source: documentLabel(row.source_doc_id__v, row.source_major_version__v, row.source_minor_version__v),
    target: documentLabel(row.target_doc_id__v, row.target_major_version__v, row.target_minor_version__v),
    type: scalar(row.relationship_type__v),
  };
  return refs.source || refs.target || refs.type ? refs : undefined;
};

const validDate = (value: string | number | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export const toDeadLetterView = (message: Message): DeadLetterView => {
  const attributes = message.MessageAttributes ?? {};
  const failure = parseFailure(attributes[FAILURE_ATTRIBUTE]);
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    failure,
    code: failure?.code ?? UNKNOWN_CODE,
    failedAt: validDate(failure?.failedAt) ?? validDate(message.Attributes?.SentTimestamp),
    documents: documentsFromBody(message.Body ?? ''),
  };
};

export const describeDocuments = (documents: DocumentRef | undefined): string =>
  documents
    ? `${documents.source ?? '?'} -> ${documents.target ?? '?'} (${documents.type ?? '?'})`
    : '(body is not a relationship)';
