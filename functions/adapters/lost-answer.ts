/** An error that came with an HTTP answer from AWS: the service saw the request and said no (throttled, failing, invalid). */
export function answered(error: unknown): boolean {
  return Boolean((error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode);
}

type Middleware = <Args, Output>(next: (args: Args) => Promise<Output>) => (args: Args) => Promise<Output>;

/** Any AWS SDK v3 client: only its middleware stack is touched. */
interface SdkClient {
  middlewareStack: { add(middleware: Middleware, options: { step: 'deserialize'; name: string }): void };
}

/**
 * For a request that has no idempotency token, sent again after its answer was lost (a timeout, a
 * reset connection), the person may be texted or called twice, unseen by the claim. The SDK
 * retries such network errors by itself; beneath its retry they become `lost(...)`, an error it does
 * not retry (no `cause`: the SDK looks through it), and the claim's lease decides instead
 * (docs/delivery.md). Answers from the service (throttled, failing) are still retried by the SDK:
 * the service did not take those requests.
 */
export function noResendAfterLostAnswer(client: SdkClient, lost: (detail: string) => Error): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (answered(error)) throw error;
        const { name, message } = error as Error;
        throw lost(`${name}: ${message}`);
      }
    },
    { step: 'deserialize', name: 'yingjiNoResendAfterLostAnswer' },
  );
}
