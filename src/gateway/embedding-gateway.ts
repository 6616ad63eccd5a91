import type { Usage } from '../api/chat-types.js';
import { toRequestedEncoding } from '../api/embedding-encoding.js';
import type { EmbeddingRequest, EmbeddingResponse, EmbeddingUsage } from '../api/embedding-types.js';
import { InvalidRequestError } from '../api/gateway-error.js';
import { forgetWireText } from '../api/wire-text.js';
import { invalidUpstreamBody } from '../providers/shared/send-provider-request.js';
import { countEmbeddingTokens } from './estimate-embedding-tokens.js';
import type { FailoverOptions } from './failover.js';
import type { ModelCatalog, RoutePlan } from './model-catalog.js';
import type { QuotaGate } from './quota-gate.js';
import type { RequestAbort } from './request-abort.js';
import { logRequestBody, planForKey, relayWholeAnswer, totalDeadlineMs } from './request-admission.js';
import type { RequestMeter } from './request-meter.js';

/** Each catalog plan's embedding-capable part, computed once per plan (plans are immutable snapshots). */
const embeddingPlans = new WeakMap<RoutePlan, RoutePlan>();

/**
 * `POST /v1/embeddings` after authentication and validation: the chat path's steps (plan for the key,
 * reserve quota, failover under a total deadline, meter) over the targets whose adapter can embed.
 * Charged for input tokens only; upstreams that count nothing (Gemini) are counted with the tokenizer.
 */
export class EmbeddingGateway {
  constructor(
    private readonly catalog: () => ModelCatalog,
    private readonly quota: QuotaGate,
    private readonly failover: FailoverOptions,
  ) {}

  async embed(
    request: EmbeddingRequest,
    meter: RequestMeter,
    abort: RequestAbort,
  ): Promise<EmbeddingResponse> {
    const plan = embeddingPlanOf(planForKey(this.catalog(), request.model, meter), request.model);
    const totalMs = totalDeadlineMs(plan);
    logRequestBody(meter, request);
    await this.quota.admitEmbedding(request, meter, totalMs);
    return relayWholeAnswer({
      plan,
      totalMs,
      requestedModel: request.model,
      meter,
      abort,
      failover: this.failover,
      quota: this.quota,
      async attempt(route, call) {
        // Present: the plan holds only targets whose adapter embeds.
        const response = await route.adapter.embed!(request, call);
        // Inside the attempt, so an answer that cannot be re-encoded fails over like any bad body.
        if (!toRequestedEncoding(response, request.encoding_format))
          throw invalidUpstreamBody(call, 'an embedding that is not base64 float32 data');
        return response;
      },
      record: (response) => recordEmbeddingUsage(request, response, meter),
    });
  }
}

/** Usage as the meter and the cost take it: an embedding has no completion tokens. */
export function toMeteredUsage(usage: EmbeddingUsage): Usage {
  return { prompt_tokens: usage.prompt_tokens, completion_tokens: 0, total_tokens: usage.total_tokens };
}

/**
 * The upstream's usage when it sent a sound one; otherwise the input counted with the tokenizer, put on
 * the response (clients and SDKs expect `usage`) and recorded as estimated.
 */
async function recordEmbeddingUsage(
  request: EmbeddingRequest,
  response: EmbeddingResponse,
  meter: RequestMeter,
): Promise<void> {
  const usage = response.usage;
  if (usage && isTokenCount(usage.prompt_tokens)) {
    if (!isTokenCount(usage.total_tokens)) {
      usage.total_tokens = usage.prompt_tokens;
      forgetWireText(response);
    }
    meter.recordUsage(toMeteredUsage(usage));
    return;
  }
  const promptTokens = await countEmbeddingTokens(request.input);
  response.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  forgetWireText(response);
  meter.recordUsage(toMeteredUsage(response.usage), 'estimated');
}

function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** The plan without targets that cannot embed; a 400 when none is left (the model exists, but chats only). */
function embeddingPlanOf(plan: RoutePlan, model: string): RoutePlan {
  let embedding = embeddingPlans.get(plan);
  if (!embedding) {
    embedding = {
      groups: plan.groups
        .map((group) => ({
          model: group.model,
          targets: group.targets.filter((route) => route.adapter.embed),
        }))
        .filter((group) => group.targets.length > 0),
    };
    embeddingPlans.set(plan, embedding);
  }
  if (embedding.groups.length === 0)
    throw new InvalidRequestError(`The model '${model}' does not support embeddings.`, 'model');
  return embedding;
}
