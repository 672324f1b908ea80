/** The part of autocannon 9's API that bench/load.ts uses (the package ships no types). */
declare module 'autocannon' {
  export interface RequestData {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }

  export interface Request extends Partial<RequestData> {
    /** Called to build each request; autocannon cannot skip one, so it must return a request. */
    setupRequest?: (request: RequestData, context: unknown) => RequestData;
    onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string | string[]>) => void;
  }

  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    requests?: Request[];
  }

  export interface Result {
    /** Seconds the run really took. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Instance {
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    /** A socket error, or a timeout (`request timed out`). */
    on(event: 'reqError', listener: (error: Error) => void): void;
  }

  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
