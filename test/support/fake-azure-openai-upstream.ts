import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerChatCompletionsConformance,
  type ChatCompletionsDialect,
} from './openai-conformance-scenarios.js';
import { answerEcho, chunk, sendJson, startStream, wantsUsage, writeEvent } from './openai-wire.js';

export const AZURE_KEY = 'azure-fake-key-0123456789abcdef';
export const AZURE_API_VERSION = '2024-10-21';

export interface RecordedAzureRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Versions this resource knows; Azure answers others with 404 (as for any unknown path). */
const KNOWN_VERSIONS = new Set(['2024-06-01', '2024-10-21', '2025-04-01-preview']);

const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/?]+)\/chat\/completions(?:\?(.*))?$/;
const V1_PATH = /^\/openai\/v1\/chat\/completions(?:\?(.*))?$/;

const NO_FILTERING = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

/** How Azure writes Chat Completions: OpenAI's format plus content-filter annotations and its own errors. */
const AZURE_DIALECT: ChatCompletionsDialect = {
  reasoningField: 'reasoning_content',
  streamUsage: 'when-asked',
  errorBody: (status) => (status === 400 ? CONTENT_FILTER_ERROR : INTERNAL_ERROR),
  extraFields: { content_filter_results: NO_FILTERING },
  promptFilterChunk: true,
};

/** @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/content-filter#scenario-details */
const CONTENT_FILTER_ERROR = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: { ...NO_FILTERING, violence: { filtered: true, severity: 'high' } },
    },
  },
};

const INTERNAL_ERROR = {
  error: {
    code: 'InternalServerError',
    message: 'The service is temporarily unable to process your request.',
  },
};

function azureError(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * Azure OpenAI's data plane over real HTTP: `/openai/deployments/{deployment}/chat/completions?api-version=`
 * and the v1 surface `/openai/v1/chat/completions` (deployment as `model`), the `api-key` header, and Azure's
 * error bodies (401 with code "401", DeploymentNotFound, content-filter 400s). Deployments: the conformance
 * models, `gpt-4o-deploy` (echo), `filtered-prompt` (400 content_filter) and `filtered-completion`
 * (`finish_reason: content_filter`).
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference
 */
export class FakeAzureOpenAiUpstream {
  readonly requests: RecordedAzureRequest[] = [];
  private readonly server: Server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const text = Buffer.concat(pieces).toString('utf8');
      void this.handle(request.method ?? '', request.url ?? '', request.headers, text, response);
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  lastRequest(): RecordedAzureRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the fake Azure OpenAI upstream received no request');
    return last;
  }

  private async handle(
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    text: string,
    response: ServerResponse,
  ): Promise<void> {
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    this.requests.push({ path: url, headers, body });
    if (headers['api-key'] !== AZURE_KEY) {
      return sendJson(
        response,
        401,
        azureError(
          '401',
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
        ),
      );
    }
    const deploymentMatch = DEPLOYMENT_PATH.exec(url);
    const v1Match = V1_PATH.exec(url);
    if (method !== 'POST' || (!deploymentMatch && !v1Match)) {
      return sendJson(response, 404, azureError('404', 'Resource not found'));
    }
    let deployment: string;
    if (deploymentMatch) {
      const version = new URLSearchParams(deploymentMatch[2] ?? '').get('api-version');
      if (!version) {
        return sendJson(
          response,
          400,
          azureError(
            'MissingApiVersionParameter',
            'The api-version query parameter (?api-version=) is required for all requests.',
          ),
        );
      }
      if (!KNOWN_VERSIONS.has(version))
        return sendJson(response, 404, azureError('404', 'Resource not found'));
      deployment = decodeURIComponent(deploymentMatch[1]!);
    } else {
      if (typeof body.model !== 'string') {
        return sendJson(response, 400, azureError('BadRequest', 'model is required on the v1 API.'));
      }
      deployment = body.model;
    }
    // The deployment fixes the model; Azure answers with the model's own name.
    const answerBody = { ...body, model: deployment };
    if (answerChatCompletionsConformance(answerBody, response, AZURE_DIALECT)) return;
    if (deployment === 'gpt-4o-deploy') return answerEcho(answerBody, response);
    if (deployment === 'filtered-prompt') return sendJson(response, 400, CONTENT_FILTER_ERROR);
    if (deployment === 'filtered-completion') return answerFiltered(answerBody, response);
    return sendJson(
      response,
      404,
      azureError(
        'DeploymentNotFound',
        'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      ),
    );
  }
}

/** A completion cut by the output filter: `finish_reason: content_filter`. */
function answerFiltered(body: Record<string, unknown>, response: ServerResponse): void {
  const model = String(body.model);
  const filtered = { ...NO_FILTERING, violence: { filtered: true, severity: 'medium' } };
  const usage = { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 };
  if (body.stream !== true) {
    sendJson(response, 200, {
      id: 'chatcmpl-filtered',
      object: 'chat.completion',
      created: 1_767_225_600,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Well,' },
          finish_reason: 'content_filter',
          content_filter_results: filtered,
        },
      ],
      usage,
    });
    return;
  }
  startStream(response);
  const choice = (delta: unknown, finish: string | null) => [
    { index: 0, delta, logprobs: null, finish_reason: finish, content_filter_results: filtered },
  ];
  writeEvent(response, chunk(model, choice({ role: 'assistant', content: 'Well,' }, null)));
  writeEvent(response, chunk(model, choice({}, 'content_filter')));
  if (wantsUsage(body)) writeEvent(response, chunk(model, [], { usage }));
  writeEvent(response, '[DONE]');
  response.end();
}
