// Placeholder so the CDK stack can bundle an entry while the handler is being written (issue 3).
export const handler = async (): Promise<never> => {
  throw new Error('handler not wired yet');
};
