import type { SQSClient } from '@aws-sdk/client-sqs';

interface SentCommand {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the input of the command it sent
  input: any;
}

type Responder = (command: SentCommand) => unknown;

/**
 * An in-memory stand-in for SQSClient.send: remembers every command and answers from a function.
 * The default answer reports every entry of a batch command as successful.
 */
export class FakeSqsClient implements Pick<SQSClient, 'send'> {
  readonly sent: SentCommand[] = [];

  constructor(private readonly respond: Responder = allSucceeded) {}

  // biome-ignore lint/suspicious/noExplicitAny: mirrors the SDK's overloaded send signature
  async send(command: any): Promise<any> {
    const sent = { name: command.constructor.name as string, input: command.input };
    this.sent.push(sent);
    return this.respond(sent);
  }
}

export const allSucceeded: Responder = ({ input }) => ({
  Successful: (input.Entries ?? []).map((entry: { Id: string }) => ({
    Id: entry.Id,
    MessageId: `dlq-${entry.Id}`,
  })),
  Failed: [],
});

/** Fails the entries whose Id the predicate picks, as SQS reports a partial batch failure. */
export const failEntries =
  (shouldFail: (entry: { Id: string; MessageBody?: string }) => boolean): Responder =>
  ({ input }) => ({
    Successful: input.Entries.filter((entry: { Id: string }) => !shouldFail(entry)).map(
      (entry: { Id: string }) => ({
        Id: entry.Id,
      }),
    ),
    Failed: input.Entries.filter(shouldFail).map((entry: { Id: string }) => ({
      Id: entry.Id,
      Code: 'InternalError',
      Message: 'try again',
      SenderFault: false,
    })),
  });
