import { useMemo } from 'react';
import { CopyButton } from '../../components/copy-button';

/** Pretty-prints JSON text (an SSE stream or other text is shown as it is). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A collapsible, copyable block of a logged body. */
export function JsonBlock({
  title,
  text,
  testId,
  defaultOpen = true,
}: {
  title: string;
  text: string;
  testId: string;
  defaultOpen?: boolean;
}) {
  const pretty = useMemo(() => prettyJson(text), [text]);
  return (
    <details className="json-block" open={defaultOpen} data-testid={testId}>
      <summary>{title}</summary>
      <div className="json-block-actions">
        <CopyButton text={pretty} className="button small" />
      </div>
      <pre className="mono json-pre">{pretty}</pre>
    </details>
  );
}
