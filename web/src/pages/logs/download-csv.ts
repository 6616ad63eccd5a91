import type { ApiClient, Query } from '../../api/client';

/**
 * The CSV export needs the Bearer header, so a plain link cannot fetch it: read it with the API client and
 * hand the browser a Blob URL to save.
 */
export async function downloadCsv(
  api: ApiClient,
  path: string,
  query: Query,
  fileName: string,
): Promise<void> {
  const response = await api.fetch('GET', path, { query: { ...query, format: 'csv' } });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
