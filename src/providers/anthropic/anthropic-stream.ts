import type { ChatCompletionChunk, ChunkDelta, FinishReason } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamTarget } from '../provider-adapter.js';
import { toAnthropicStreamError } from './anthropic-error.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-wire.js';
import { toOpenAiUsage } from './from-anthropic-response.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * One state machine: Anthropic stream events → OpenAI chunks. Tool calls are numbered over tool
 * calls only (`tool_calls[].index`), so text or thinking blocks before a call do not shift it.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export class AnthropicStreamState {
  private id = '';
  private model: string;
  private readonly created: number;
  private usage: AnthropicUsage = {};
  private stopReason: string | null = null;
  /** Content block index → tool call index, for blocks that are tool calls. */
  private readonly toolIndexByBlock = new Map<number, number>();
  private toolCalls = 0;
  private finished = false;

  constructor(
    private readonly target: UpstreamTarget,
    now: number = Date.now(),
  ) {
    this.model = target.upstreamModel;
    this.created = Math.floor(now / 1000);
  }

  /** Whether `message_stop` arrived: a stream that ends before it was cut short. */
  get complete(): boolean {
    return this.finished;
  }

  /** The chunks one event becomes (often none); throws an UpstreamError for `error` events. */
  push(eventName: string | null, data: string): ChatCompletionChunk[] {
    if (data.length === 0) return [];
    let event: AnthropicStreamEvent;
    try {
      event = JSON.parse(data) as AnthropicStreamEvent;
    } catch {
      throw this.failure('sent a malformed stream event');
    }
    if (typeof event !== 'object' || event === null) throw this.failure('sent a malformed stream event');
    switch (event.type ?? eventName) {
      case 'message_start': {
        const message = event.message ?? {};
        this.id = message.id ?? this.id;
        this.model = message.model ?? this.model;
        this.usage = withoutNulls(message.usage ?? {});
        return [this.chunk({ role: 'assistant', content: '' })];
      }
      case 'content_block_start':
        return this.blockStart(event);
      case 'content_block_delta':
        return this.blockDelta(event);
      case 'message_delta':
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        if (event.usage) this.usage = { ...this.usage, ...withoutNulls(event.usage) };
        return [];
      case 'message_stop': {
        if (this.finished) return [];
        this.finished = true;
        const finish = this.chunk({}, mapAnthropicStopReason(this.stopReason));
        const usage: ChatCompletionChunk = {
          ...this.chunk({}),
          choices: [],
          usage: toOpenAiUsage(this.usage),
        };
        return [finish, usage];
      }
      case 'error':
        throw toAnthropicStreamError(event.error, this.target);
      default:
        // ping, content_block_stop and event types added later carry nothing to relay.
        return [];
    }
  }

  private blockStart(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const block = event.content_block;
    if (!block) return [];
    if (block.type === 'tool_use') {
      const toolIndex = this.toolCalls++;
      this.toolIndexByBlock.set(event.index ?? -1, toolIndex);
      return [
        this.chunk({
          tool_calls: [
            {
              index: toolIndex,
              id: block.id ?? `toolu_${toolIndex}`,
              type: 'function',
              function: { name: block.name ?? '', arguments: '' },
            },
          ],
        }),
      ];
    }
    if (block.type === 'text' && block.text) return [this.chunk({ content: block.text })];
    if (block.type === 'thinking' && block.thinking)
      return [this.chunk({ reasoning_content: block.thinking })];
    return [];
  }

  private blockDelta(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const delta = event.delta;
    switch (delta?.type) {
      case 'text_delta':
        return delta.text ? [this.chunk({ content: delta.text })] : [];
      case 'thinking_delta':
        return delta.thinking ? [this.chunk({ reasoning_content: delta.thinking })] : [];
      case 'input_json_delta': {
        const toolIndex = this.toolIndexByBlock.get(event.index ?? -1);
        if (toolIndex === undefined || !delta.partial_json) return [];
        return [
          this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] }),
        ];
      }
      default:
        // signature_delta (thinking signatures) and unknown deltas are not part of the OpenAI shape.
        return [];
    }
  }

  private chunk(delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
  }

  /** A stream error for a stream that never started or is cut short. */
  failure(what: string): UpstreamError {
    return new UpstreamError('upstream_error', `Upstream channel '${this.target.channel}' ${what}.`, {
      provider: this.target.provider,
      channel: this.target.channel,
      upstreamStatus: 200,
    });
  }
}

function withoutNulls(usage: AnthropicUsage): AnthropicUsage {
  const result: AnthropicUsage = {};
  for (const [key, value] of Object.entries(usage)) {
    if (typeof value === 'number') result[key as keyof AnthropicUsage] = value;
  }
  return result;
}
