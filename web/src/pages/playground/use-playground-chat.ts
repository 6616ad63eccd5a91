import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/use-api';
import { buildChatRequest, type ChatSettings, type HistoryEntry } from './chat-request';
import { PENDING_TURN, sendChat, type TurnResult } from './send-chat';

/** One entry of the transcript. */
export type ChatItem =
  | { id: number; kind: 'user'; content: string }
  | {
      id: number;
      kind: 'assistant';
      model: string;
      streamed: boolean;
      /** `running` until the answer ends; `done` even when it ended in an error (see `turn.error`). */
      status: 'running' | 'done';
      turn: TurnResult;
    }
  | { id: number; kind: 'tool'; toolCallId: string; name: string; content: string };

/** What the next request would send: user and tool entries, and assistant answers that did not fail. */
export function historyOf(items: readonly ChatItem[]): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  for (const item of items) {
    if (item.kind === 'user') history.push({ role: 'user', content: item.content });
    else if (item.kind === 'tool')
      history.push({ role: 'tool', toolCallId: item.toolCallId, content: item.content });
    else {
      const { reply, error } = item.turn;
      if (error || item.status === 'running') continue;
      if (reply.content === '' && reply.toolCalls.length === 0) continue;
      history.push({ role: 'assistant', content: reply.content, toolCalls: reply.toolCalls });
    }
  }
  return history;
}

/** The conversation and the one call in flight: send, continue after tool results, stop, clear. */
export function usePlaygroundChat(settings: ChatSettings) {
  const api = useApi();
  const [items, setItems] = useState<ChatItem[]>([]);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  // Leaving the page stops the call (the gateway still meters what was used).
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (userText: string | null) => {
      if (controller.current) return;
      const before = itemsRef.current;
      const added: ChatItem[] = [];
      if (userText !== null) added.push({ id: nextId.current++, kind: 'user', content: userText });
      const body = buildChatRequest(settings, historyOf([...before, ...added]));
      const assistantId = nextId.current++;
      added.push({
        id: assistantId,
        kind: 'assistant',
        model: settings.model,
        streamed: body.stream,
        status: 'running',
        turn: PENDING_TURN,
      });
      setItems([...before, ...added]);
      const update = (turn: TurnResult, status: 'running' | 'done') =>
        setItems((current) =>
          current.map((item) =>
            item.id === assistantId && item.kind === 'assistant' ? { ...item, turn, status } : item,
          ),
        );
      const abort = new AbortController();
      controller.current = abort;
      setRunning(true);
      try {
        const turn = await sendChat(api, body, {
          signal: abort.signal,
          onUpdate: (partial) => update(partial, 'running'),
        });
        update(turn, 'done');
      } catch (error) {
        update(
          {
            ...PENDING_TURN,
            error: { message: (error as Error).message, code: null, type: null, param: null, status: null },
          },
          'done',
        );
      } finally {
        controller.current = null;
        setRunning(false);
      }
    },
    [api, settings],
  );

  const send = useCallback((text: string) => run(text), [run]);
  const continueTurn = useCallback(() => run(null), [run]);
  const stop = useCallback(() => controller.current?.abort(), []);
  const clear = useCallback(() => {
    controller.current?.abort();
    setItems([]);
  }, []);
  const addToolResult = useCallback((toolCallId: string, name: string, content: string) => {
    setItems((current) => [...current, { id: nextId.current++, kind: 'tool', toolCallId, name, content }]);
  }, []);

  return { items, running, send, continueTurn, stop, clear, addToolResult };
}
