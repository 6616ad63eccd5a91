// Before measuring anything, make sure the target answers correctly: a fast error page would otherwise
// make for a great-looking benchmark.

/** Throws, with the response in the message, unless both a plain and a streaming call succeed. */
export async function checkResponses({ url, bearer, model, label }) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${bearer}` };
  const messages = [{ role: 'user', content: 'Hello' }];

  const plain = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ model, messages }) });
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

  const streamed = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model, messages, stream: true }),
  });
  const streamText = await streamed.text();
  if (streamed.status !== 200 || !streamText.trimEnd().endsWith('data: [DONE]')) {
    throw new Error(`${label}: streaming check failed, status ${streamed.status}:\n${streamText}`);
  }
}
