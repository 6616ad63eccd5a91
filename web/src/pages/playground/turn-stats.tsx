import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import type { TurnResult } from './send-chat';

/** A turn's request id, client-measured latency and time to first token, tokens and cost. */
export function TurnStats({ turn, streamed }: { turn: TurnResult; streamed: boolean }) {
  const { t, format } = useI18n();
  const usage = turn.reply.usage;
  const dash = '—';
  const tokens =
    usage && typeof usage.total_tokens === 'number'
      ? t('playground.stats.tokensValue', {
          prompt: format.number(usage.prompt_tokens ?? 0, 0),
          completion: format.number(usage.completion_tokens ?? 0, 0),
          total: format.number(usage.total_tokens, 0),
        })
      : dash;
  const cost =
    turn.cost !== null && Number.isFinite(Number(turn.cost)) ? format.money(Number(turn.cost)) : dash;
  return (
    <dl className="pg-stats" data-testid="turn-stats">
      <div>
        <dt>{t('playground.stats.requestId')}</dt>
        <dd className="mono">
          {turn.requestId ? (
            // The same request in Logs (timings, retries, channel), recorded once the gateway flushes it.
            <Link
              to={`/logs/${encodeURIComponent(turn.requestId)}`}
              title={t('playground.stats.openLog')}
              data-testid="stat-request-id"
            >
              {turn.requestId}
            </Link>
          ) : (
            <span data-testid="stat-request-id">{dash}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('playground.stats.latency')}</dt>
        <dd data-testid="stat-latency">{format.duration(turn.totalMs)}</dd>
      </div>
      <div>
        <dt>{t('playground.stats.ttft')}</dt>
        <dd data-testid="stat-ttft" title={streamed ? undefined : t('playground.stats.ttftNotStreamed')}>
          {turn.ttftMs === null ? dash : format.duration(turn.ttftMs)}
        </dd>
      </div>
      <div>
        <dt>{t('playground.stats.tokens')}</dt>
        <dd data-testid="stat-tokens">{tokens}</dd>
      </div>
      <div>
        <dt>{t('playground.stats.cost')}</dt>
        <dd data-testid="stat-cost" data-cost={turn.cost ?? ''}>
          {cost}
        </dd>
      </div>
    </dl>
  );
}
