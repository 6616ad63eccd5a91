// Before measuring anything, make sure the target answers correctly: a fast error page would otherwise
// make for a great-looking benchmark. For OPT, also make sure each process runs the configuration its row
// claims: the tenancy one must report its rate limits and a finite budget, the core-only one neither.
import { MAX_TOKENS } from './start-targets.mjs';

const RATE_LIMIT_HEADER = 'x-ratelimit-limit-requests';
const BUDGET_HEADER = 'x-opt-budget-remaining';

/**
 * Throws, with the response in the message, unless both a plain and a streaming call succeed.
 * `quota`: 'on' requires rate-limit and budget headers on both responses, 'off' requires their absence
 * (no rate-limit header, budget `unlimited` or absent); undefined checks nothing (the upstream).
 * Returns the headers of the plain response, for the report.
 */
export async function checkResponses({ url, bearer, model, label, quota }) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${bearer}` };
  const messages = [{ role: 'user', content: 'Hello' }];
  const body = { model, messages, max_tokens: MAX_TOKENS };

  const plain = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const plainText = await plain.text();
  let plainBody;
  try {
    plainBody = JSON.parse(plainText);
  } catch {
    plainBody = undefined;
  }
  if (plain.status !== 200 || plainBody?.object !== 'chat.completion') {
    throw new Error(`${label}: non-streaming check failed, status ${plain.status}:\n${plainText}`);
  }
  checkQuotaHeaders(plain.headers, quota, `${label}, non-streaming`);

  const streamed = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...body, stream: true }),
  });
  const streamText = await streamed.text();
  if (streamed.status !== 200 || !streamText.trimEnd().endsWith('data: [DONE]')) {
    throw new Error(`${label}: streaming check failed, status ${streamed.status}:\n${streamText}`);
  }
  checkQuotaHeaders(streamed.headers, quota, `${label}, streaming`);
  return {
    rateLimitRequests: plain.headers.get(RATE_LIMIT_HEADER),
    budgetRemaining: plain.headers.get(BUDGET_HEADER),
    budgetCurrency: plain.headers.get('x-opt-budget-currency'),
  };
}

function checkQuotaHeaders(headers, quota, label) {
  if (quota === undefined) return;
  const rateLimit = headers.get(RATE_LIMIT_HEADER);
  const budget = headers.get(BUDGET_HEADER);
  const shown = `${RATE_LIMIT_HEADER}: ${rateLimit}, ${BUDGET_HEADER}: ${budget}`;
  if (quota === 'on') {
    // A number proves a limit was applied, a decimal amount that a budget was (`unlimited` means none).
    if (!/^\d+$/.test(rateLimit ?? '') || !/^-?\d+(\.\d+)?$/.test(budget ?? '')) {
      throw new Error(
        `${label}: expected rate-limit and budget headers (limits and budgets on), got ${shown}`,
      );
    }
  } else if (rateLimit !== null || (budget !== null && budget !== 'unlimited')) {
    throw new Error(`${label}: expected no rate limit and no budget (core-only configuration), got ${shown}`);
  }
}
