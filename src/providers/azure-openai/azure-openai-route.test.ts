import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { UpstreamCall, UpstreamTarget } from '../provider-adapter.js';
import { toAzureHttpError } from './azure-openai-error.js';
import { toAzureRoute } from './azure-openai-route.js';

function callFor(overrides: Partial<UpstreamTarget>): UpstreamCall {
  const target = createUpstreamTarget({
    provider: 'azure-openai',
    baseUrl: 'https://res.openai.azure.com',
    upstreamModel: 'gpt-4o deploy',
    apiKey: 'azure-key-0123456789',
    ...overrides,
  });
  return { target } as UpstreamCall;
}

describe('toAzureRoute', () => {
  it('addresses the deployment with the api-version, authenticating with api-key', () => {
    expect(toAzureRoute(callFor({ apiVersion: '2024-10-21' }))).toEqual({
      path: '/openai/deployments/gpt-4o%20deploy/chat/completions?api-version=2024-10-21',
      headers: { 'api-key': 'azure-key-0123456789' },
    });
  });

  it('uses the GA version when the target names none, and the v1 surface for v1', () => {
    expect(toAzureRoute(callFor({})).path).toContain('api-version=2024-10-21');
    expect(toAzureRoute(callFor({ apiVersion: 'v1', apiKey: null }))).toEqual({
      path: '/openai/v1/chat/completions',
      headers: {},
    });
  });
});

describe('toAzureHttpError', () => {
  const target = callFor({}).target;

  it.each([
    [
      401,
      '{"error":{"code":"401","message":"Access denied due to invalid subscription key."}}',
      'invalid_api_key',
    ],
    [
      404,
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment does not exist."}}',
      'model_not_found',
    ],
    [
      429,
      '{"error":{"code":"429","message":"Requests have exceeded token rate limit."}}',
      'rate_limit_exceeded',
    ],
  ])('maps Azure %i bodies to OpenAI codes', (status, body, code) => {
    const error = toAzureHttpError(status, body, status === 429 ? '6' : null, target);
    expect(error.status).toBe(status);
    expect(error.toEnvelope().error.code).toBe(code);
    expect(error.details.rawBody).toBe(body);
  });

  it('keeps content-filter refusals as OpenAI-shaped 400s naming the prompt', () => {
    const body = JSON.stringify({
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation' },
      },
    });
    const envelope = toAzureHttpError(400, body, null, target).toEnvelope();
    expect(envelope.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'content_filter',
    });
  });
});
