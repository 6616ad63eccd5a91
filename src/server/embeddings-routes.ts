import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validateEmbeddingRequest } from '../api/validate-embedding-request.js';
import { toWireText } from '../api/wire-text.js';
import { type EmbeddingGateway, toMeteredUsage } from '../gateway/embedding-gateway.js';
import type { RequestAbort } from '../gateway/request-abort.js';
import type { RequestMeter } from '../gateway/request-meter.js';
import { sendJsonAnswer } from './answer-framing.js';
import { type MeteredRequestDependencies, runMeteredRequest } from './metered-request.js';

export const EMBEDDINGS_PATH = '/v1/embeddings';
/** The usage records' `endpoint` for this route. */
export const EMBEDDINGS_ENDPOINT = 'embeddings';

export interface EmbeddingsDependencies extends MeteredRequestDependencies {
  embeddings: EmbeddingGateway;
}

/** `POST /v1/embeddings`, registered inside the `/v1` scope (its auth hook runs first). */
export function registerEmbeddingsRoutes(app: FastifyInstance, deps: EmbeddingsDependencies): void {
  app.post(EMBEDDINGS_PATH, (request, reply) =>
    runMeteredRequest(request, reply, deps, EMBEDDINGS_ENDPOINT, (meter, abort) =>
      answerEmbeddings(request, reply, deps, meter, abort),
    ),
  );
}

async function answerEmbeddings(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: EmbeddingsDependencies,
  meter: RequestMeter,
  abort: RequestAbort,
): Promise<void> {
  const embeddingRequest = validateEmbeddingRequest(request.body);
  meter.model = embeddingRequest.model;
  meter.embeddingRequest = embeddingRequest;
  const response = await deps.embeddings.embed(embeddingRequest, meter, abort);
  const usage = response.usage ? toMeteredUsage(response.usage) : null;
  sendJsonAnswer(reply, meter, deps.currency, usage, toWireText(response));
}
