import type { ChatCompletionChunk, ChunkChoice, FinishReason, Usage } from '../chat-types.js';
import { mapFinishReason } from './map-finish-reason.js';
import type { MessagesStreamEvent, MessagesUsage, ResponseBlock } from './messages-wire.js';
import { parseToolInput, toMessagesUsage } from './to-anthropic-message.js';

export interface EventStreamOptions {
  /** The `msg_…` id the client sees. */
  id: string;
  /** The model the client asked for. */
  model: string;
  stopSequences?: readonly string[];
  /** Input tokens for `message_start`, before the upstream's count arrives with the last chunk. */
  estimatedInputTokens: number;
  /** Output tokens from produced text, for an upstream that sends no usage. */
  estimateTokens(text: string): number;
}

/** Far above any real tool_calls index: keys of a later generation sort after every earlier one. */
const GENERATION_SPAN = 1_000_000;

interface ToolSlot {
  key: number;
  id: string;
  name: string;
  args: string[];
}

type OpenBlock = { kind: 'text' | 'thinking'; index: number } | null;

/**
 * One state machine: OpenAI chunks (choice 0) → Anthropic stream events, in the order Anthropic sends
 * them: message_start and a ping; content blocks one after another (start, deltas, stop), each block
 * closed before the next starts; message_delta with stop_reason and the usage; message_stop.
 * Thinking (`reasoning_content`) and text stream as they come. Tool calls are collected per OpenAI
 * `tool_calls[].index` and written when the turn's finish chunk arrives, one tool_use block each in
 * index order with its arguments as one input_json_delta: OpenAI-shaped upstreams may interleave the
 * fragments of parallel calls, Anthropic blocks may not interleave, and Anthropic clients parse the
 * arguments at block stop (so arguments that are not a JSON object are sent as `{}`, never half-valid).
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export class AnthropicEventStream {
  private started = false;
  private nextBlock = 0;
  private open: OpenBlock = null;
  private readonly tools = new Map<number, ToolSlot>();
  private generation = 0;
  private usage: Usage | null = null;
  private finishReason: FinishReason | null = null;
  private matchedStop: unknown = null;
  private refused = false;
  private readonly producedChars: string[] = [];
  private wroteToolUse = false;
  /** Names of tool calls whose arguments were not a JSON object (sent as `{}`). */
  readonly invalidToolArguments: string[] = [];

  constructor(private readonly options: EventStreamOptions) {}

  /** The events one chunk becomes (the first chunk also opens the message). */
  push(chunk: ChatCompletionChunk): MessagesStreamEvent[] {
    const events = this.start();
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((candidate) => candidate.index === 0);
    if (!choice) return events;
    const delta = choice.delta ?? {};
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) {
      this.blockDelta(events, 'thinking', delta.reasoning_content);
    }
    if (typeof delta.content === 'string' && delta.content.length > 0) {
      this.blockDelta(events, 'text', delta.content);
    }
    if (typeof delta.refusal === 'string' && delta.refusal.length > 0) {
      this.refused = true;
      this.blockDelta(events, 'text', delta.refusal);
    }
    for (const call of delta.tool_calls ?? []) this.collectToolCall(call);
    this.noteFinish(events, choice);
    return events;
  }

  /** The closing events, once the chunk stream has ended without error. */
  finish(): MessagesStreamEvent[] {
    const events = this.start();
    this.closeOpenBlock(events);
    this.writeTools(events);
    const stop = mapFinishReason(
      this.refused ? 'content_filter' : this.finishReason,
      this.wroteToolUse,
      this.matchedStop,
      this.options.stopSequences,
    );
    events.push({ type: 'message_delta', delta: stop, usage: this.finalUsage() });
    events.push({ type: 'message_stop' });
    return events;
  }

  private start(): MessagesStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const usage: MessagesUsage = {
      input_tokens: this.options.estimatedInputTokens,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    return [
      {
        type: 'message_start',
        message: {
          id: this.options.id,
          type: 'message',
          role: 'assistant',
          model: this.options.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      },
      { type: 'ping' },
    ];
  }

  private blockDelta(events: MessagesStreamEvent[], kind: 'text' | 'thinking', text: string): void {
    this.producedChars.push(text);
    if (this.open?.kind !== kind) {
      this.closeOpenBlock(events);
      this.open = { kind, index: this.nextBlock++ };
      const block: ResponseBlock =
        kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
      events.push({ type: 'content_block_start', index: this.open.index, content_block: block });
    }
    events.push({
      type: 'content_block_delta',
      index: this.open.index,
      delta: kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text },
    });
  }

  private closeOpenBlock(events: MessagesStreamEvent[]): void {
    if (!this.open) return;
    events.push({ type: 'content_block_stop', index: this.open.index });
    this.open = null;
  }

  private collectToolCall(call: NonNullable<ChunkChoice['delta']['tool_calls']>[number]): void {
    // Calls are keyed by OpenAI index within a generation: a call that shows up after the previous ones
    // were written (an upstream that keeps going past its finish chunk) becomes a new block.
    const key = this.generation * GENERATION_SPAN + (typeof call.index === 'number' ? call.index : 0);
    let slot = this.tools.get(key);
    if (!slot) {
      slot = { key, id: '', name: '', args: [] };
      this.tools.set(key, slot);
    }
    if (call.id && !slot.id) slot.id = call.id;
    if (call.function?.name && !slot.name) slot.name = call.function.name;
    const piece = call.function?.arguments;
    if (typeof piece === 'string' && piece.length > 0) {
      slot.args.push(piece);
      this.producedChars.push(piece);
    }
  }

  private noteFinish(events: MessagesStreamEvent[], choice: ChunkChoice): void {
    if (choice.stop_reason !== undefined && choice.stop_reason !== null)
      this.matchedStop = choice.stop_reason;
    if (!choice.finish_reason) return;
    this.finishReason = choice.finish_reason;
    this.closeOpenBlock(events);
    this.writeTools(events);
  }

  private writeTools(events: MessagesStreamEvent[]): void {
    const pending = [...this.tools.values()].sort((a, b) => a.key - b.key);
    if (pending.length === 0) return;
    this.tools.clear();
    this.generation++;
    for (const slot of pending) {
      this.wroteToolUse = true;
      const index = this.nextBlock++;
      const id = slot.id || `toolu_${this.options.id.replace(/^msg_/, '')}_${index}`;
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id, name: slot.name, input: {} },
      });
      const args = slot.args.join('');
      const input = parseToolInput(args);
      if (input === null) this.invalidToolArguments.push(slot.name);
      else if (args.trim().length > 0) {
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: args },
        });
      }
      events.push({ type: 'content_block_stop', index });
    }
  }

  private finalUsage(): MessagesUsage {
    if (this.usage) return toMessagesUsage(this.usage);
    return {
      input_tokens: this.options.estimatedInputTokens,
      output_tokens: this.options.estimateTokens(this.producedChars.join('')),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
  }
}

/** One event in Anthropic's SSE framing: the `event:` name (clients skip unnamed events) and JSON data. */
export function formatSseEvent(event: MessagesStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
