import type { FastifyInstance } from 'fastify';
import { answerChatCompletion, type ChatAnswerDependencies } from './chat-completion-answer.js';
import { type MeteredRequestDependencies, runMeteredRequest } from './metered-request.js';

export const PLAYGROUND_PATH = '/admin/playground/chat/completions';
/** The `endpoint` of the playground's usage records: they have no key, so they stand apart in the logs. */
export const PLAYGROUND_ENDPOINT = 'playground';

export type PlaygroundDependencies = ChatAnswerDependencies & MeteredRequestDependencies;

/**
 * The console's playground: a chat completion sent with the admin key instead of a client key, answered
 * exactly as `/v1/chat/completions` answers it (same validation, routing, failover, streaming and metering).
 * It is recorded without a key (endpoint `playground`), so no key's budget or limits apply; the model's own
 * limits and prices do. Viewers cannot use it: it is a POST, and POSTs need the admin role.
 */
export function registerAdminPlaygroundRoute(app: FastifyInstance, deps: PlaygroundDependencies): void {
  app.post(PLAYGROUND_PATH, (request, reply) => {
    request.clientKey = null;
    request.acceptedAt = performance.now();
    return runMeteredRequest(request, reply, deps, PLAYGROUND_ENDPOINT, (meter, abort) =>
      answerChatCompletion(request, reply, deps, meter, abort),
    );
  });
}
