import { useEffect, useRef } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useI18n } from '../../i18n/i18n';
import { ToolCallCard } from './tool-call-card';
import { TurnStats } from './turn-stats';
import type { ChatItem } from './use-playground-chat';

/**
 * The transcript: user messages, assistant answers (streaming in, reasoning folded away, tool calls as
 * cards, the turn's stats or error), and tool results. Follows the end while the user has not scrolled up.
 */
export function MessageList({
  items,
  onToolResult,
}: {
  items: readonly ChatItem[];
  onToolResult(toolCallId: string, name: string, content: string): void;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: every change of the transcript may need a scroll.
  useEffect(() => {
    const node = box.current;
    if (node && pinned.current) node.scrollTop = node.scrollHeight;
  }, [items]);

  const answered = new Set(items.flatMap((item) => (item.kind === 'tool' ? [item.toolCallId] : [])));

  return (
    <div
      ref={box}
      className="pg-transcript"
      role="log"
      aria-label={t('playground.transcript')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
      tabIndex={0}
      onScroll={(event) => {
        const node = event.currentTarget;
        pinned.current = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
      }}
      data-testid="playground-transcript"
    >
      {items.length === 0 && (
        <EmptyState title={t('playground.emptyTitle')} hint={t('playground.emptyHint')} />
      )}
      {items.map((item) => {
        if (item.kind === 'user') {
          return (
            <div key={item.id} className="pg-message pg-user" data-testid="message-user">
              <div className="pg-role">{t('playground.role.user')}</div>
              <div className="pg-content">{item.content}</div>
            </div>
          );
        }
        if (item.kind === 'tool') {
          return (
            <div key={item.id} className="pg-message pg-tool" data-testid="message-tool">
              <div className="pg-role">
                {t('playground.role.tool')} · <code>{item.name}</code>
              </div>
              <pre className="pg-content">{item.content}</pre>
            </div>
          );
        }
        const { turn } = item;
        const running = item.status === 'running';
        const empty = turn.reply.content === '' && turn.reply.toolCalls.length === 0;
        return (
          <div
            key={item.id}
            className="pg-message pg-assistant"
            data-testid="message-assistant"
            data-status={running ? 'running' : turn.error ? 'error' : turn.stopped ? 'stopped' : 'done'}
            aria-busy={running}
          >
            <div className="pg-role">
              {t('playground.role.assistant')} · <span className="muted">{item.model}</span>
              {turn.stopped && <span className="badge warning">{t('playground.stopped')}</span>}
            </div>
            {turn.reply.reasoning !== '' && (
              <details className="pg-reasoning" data-testid="message-reasoning">
                <summary>{t('playground.reasoning')}</summary>
                <div className="pg-content muted">{turn.reply.reasoning}</div>
              </details>
            )}
            {(turn.reply.content !== '' || (running && empty)) && (
              <div className="pg-content" data-testid="message-content">
                {turn.reply.content}
                {running && <span className="pg-caret" aria-hidden="true" />}
              </div>
            )}
            {turn.reply.toolCalls.map((call, index) => (
              <ToolCallCard
                key={call.id || index}
                call={call}
                complete={!running}
                answered={answered.has(call.id)}
                onResult={(content) => onToolResult(call.id, call.function.name, content)}
              />
            ))}
            {turn.error && (
              <div className="pg-turn-error" role="alert" data-testid="turn-error">
                <strong>{t('playground.turnError')}</strong>
                <p>{turn.error.status === 0 ? t('common.networkError') : turn.error.message}</p>
                {(turn.error.code || turn.error.type) && (
                  <code className="muted" data-testid="turn-error-code">
                    {[turn.error.status || null, turn.error.code ?? turn.error.type]
                      .filter(Boolean)
                      .join(' · ')}
                  </code>
                )}
              </div>
            )}
            {!running && !turn.error && empty && !turn.stopped && (
              <p className="muted">{t('playground.emptyAnswer')}</p>
            )}
            {!running && <TurnStats turn={turn} streamed={item.streamed} />}
          </div>
        );
      })}
    </div>
  );
}
