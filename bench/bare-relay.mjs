// The reference point for "how fast can a Node relay be on this machine": Fastify + undici with no
// logic at all (no auth, no validation, no metering), the same stack OPT is built on. The issue quotes
// such a relay at 15,900 req/s on its reference machine; measuring it here, in the same run, says how
// this machine compares before OPT's own figures are judged.
//
// Usage: node bench/bare-relay.mjs --upstream http://127.0.0.1:PORT/v1   (prints {"port":N} when listening)
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { Agent, request } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' } } });
const upstreamUrl = `${values.upstream}/chat/completions`;
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
const app = Fastify({ logger: false });

app.post('/v1/chat/completions', async (incoming, reply) => {
  const upstream = await request(upstreamUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(incoming.body),
    dispatcher: agent,
  });
  if (incoming.body?.stream === true) {
    reply.header('content-type', 'text/event-stream');
    return reply.send(upstream.body);
  }
  reply.header('content-type', 'application/json');
  return JSON.stringify(await upstream.body.json());
});

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
