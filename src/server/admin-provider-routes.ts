import type { FastifyInstance } from 'fastify';
import { DEFAULT_AZURE_API_VERSION } from '../providers/azure-openai/azure-openai-api-version.js';
import { findPresetBaseUrl, listProviderKinds } from '../providers/registry.js';

/** The provider whose channels take `api_version`. */
const AZURE_PROVIDER = 'azure-openai';

/** One `provider` value as the console's channel form needs it. */
export interface ProviderView {
  object: 'provider';
  /** The channel's `provider` value. */
  id: string;
  /** A vendor preset's default `base_url` (used when a channel gives none); null when one is required. */
  default_base_url: string | null;
  /** Whether channels of this provider take `api_version`, and its default. */
  api_version: { default: string } | null;
}

export function toProviderViews(): ProviderView[] {
  return listProviderKinds().map((id) => ({
    object: 'provider',
    id,
    default_base_url: findPresetBaseUrl(id),
    api_version: id === AZURE_PROVIDER ? { default: DEFAULT_AZURE_API_VERSION } : null,
  }));
}

/**
 * `GET /admin/providers`: every valid channel `provider` (the registry's, so the console's list never
 * drifts from what validation accepts) with its preset base URL, for the channel form.
 */
export function registerAdminProviderRoutes(app: FastifyInstance): void {
  const providers = toProviderViews();
  app.get('/admin/providers', async () => ({ object: 'list', data: providers, next_cursor: null }));
}
