import { type Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The local port of the TCP connection used: equal ports mean a reused keep-alive connection. */
  localPort: number | undefined;
}

/** A plain node:http request, so tests see exactly what went over the wire. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            localPort: response.socket?.localPort,
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The `data:` payloads of an SSE body, in order; checks every event is one data line + blank line. */
export function sseData(text: string): string[] {
  const events = text.split('\n\n');
  const last = events.pop();
  if (last !== '') throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(last)}`);
  return events.map((event) => {
    if (!event.startsWith('data: ') || event.includes('\n'))
      throw new Error(`not a single-line data event: ${event}`);
    return event.slice(6);
  });
}
