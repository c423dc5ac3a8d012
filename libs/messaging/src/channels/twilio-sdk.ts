import type TwilioSdk from 'twilio';
import { lazy } from '@touchbase/core';

/**
 * The twilio package, loaded on first use: importing it costs 0.1–0.2 s of CPU and several MB,
 * which a process without TWILIO_* settings (and every CLI command) need not pay
 * (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const twilioSdk = lazy(() => require('twilio') as typeof TwilioSdk);

type RequestClient = InstanceType<typeof TwilioSdk.RequestClient>;
type RequestClientOptions = ConstructorParameters<typeof TwilioSdk.RequestClient>[0];

let Redirecting: (new (baseUrl: string, opts?: RequestClientOptions) => RequestClient) | undefined;

/**
 * A twilio.RequestClient that sends every request to another origin (TWILIO_API_BASE_URL):
 * a compatible local endpoint in tests and benches. `region`/`edge` only change the host name.
 */
export function redirectingRequestClient(baseUrl: string, opts: RequestClientOptions = {}): RequestClient {
  Redirecting ??= class extends twilioSdk().RequestClient {
    constructor(
      private readonly baseUrl: string,
      o: RequestClientOptions = {},
    ) {
      super(o);
    }

    override request<T>(o: Parameters<RequestClient['request']>[0]) {
      const target = new URL(o.uri);
      const base = new URL(this.baseUrl);
      target.protocol = base.protocol;
      target.host = base.host;
      return super.request<T>({ ...o, uri: target.toString() } as never);
    }
  };
  return new Redirecting(baseUrl, opts);
}
