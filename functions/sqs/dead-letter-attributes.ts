import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  FAILURE_ATTRIBUTE,
  MAX_MESSAGE_ATTRIBUTES,
  type RelayFailure,
} from '../relationships/dead-letter-format';
import type { MessageAttribute } from '../relationships/ports';

const RELAY_PREFIX = 'relay.';

export interface DeadLetterAttributes {
  attributes: Record<string, MessageAttributeValue>;
  /** Producer (or older relay) attributes left out to make room for `relay.failure`. */
  dropped: string[];
}

// Plain code-unit order, so the choice never depends on the runtime's locale.
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which attributes to give up when the producer already used every slot. The relay's own
 * bookkeeping goes first (its facts are repeated inside `relay.failure`), then the producer's
 * attribute that sorts last, so the choice is predictable and documented.
 */
const chooseDropped = (names: string[], room: number): string[] => {
  const excess = names.length - room;
  if (excess <= 0) return [];
  const relay = names
    .filter((name) => name.startsWith(RELAY_PREFIX))
    .sort(byName)
    .reverse();
  const producer = names
    .filter((name) => !name.startsWith(RELAY_PREFIX))
    .sort(byName)
    .reverse();
  return [...relay, ...producer].slice(0, excess);
};

const toSdkAttribute = (attribute: MessageAttribute): MessageAttributeValue => {
  const value: MessageAttributeValue = { DataType: attribute.dataType };
  if (attribute.stringValue !== undefined) value.StringValue = attribute.stringValue;
  // Lambda delivers binaries base64-encoded; SQS must get the original bytes back.
  if (attribute.binaryValue !== undefined) value.BinaryValue = Buffer.from(attribute.binaryValue, 'base64');
  return value;
};

/**
 * The attributes of a dead letter: the producer's own, plus one `relay.failure` JSON attribute,
 * never more than SQS's limit of 10. A previous `relay.failure` (a replayed message failing again)
 * is replaced, not kept beside the new one.
 */
export const buildDeadLetterAttributes = (
  producer: Record<string, MessageAttribute>,
  failure: RelayFailure,
): DeadLetterAttributes => {
  const names = Object.keys(producer).filter((name) => name !== FAILURE_ATTRIBUTE);
  const dropped = chooseDropped(names, MAX_MESSAGE_ATTRIBUTES - 1);
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const name of names) {
    if (dropped.includes(name)) continue;
    attributes[name] = toSdkAttribute(producer[name] as MessageAttribute);
  }
  attributes[FAILURE_ATTRIBUTE] = { DataType: 'String', StringValue: JSON.stringify(failure) };
  return { attributes, dropped };
};
