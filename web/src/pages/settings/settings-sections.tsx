import type { ReactNode } from 'react';
import type { MessageKey } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import type { SettingsDetails } from './settings-types';

interface SettingRow {
  label: MessageKey;
  value: ReactNode;
  /** Where it is set: a YAML path or an environment variable. */
  source: string;
  hint?: MessageKey;
  testId?: string;
}

/** The read-only settings as cards of label / value / where it is set, one card per section. */
export function SettingsSections({ settings }: { settings: SettingsDetails }) {
  const { t, format } = useI18n();
  const yesNo = (value: boolean) => t(value ? 'common.yes' : 'common.no');
  const ms = (value: number) => format.duration(value);

  const sections: { title: MessageKey; rows: SettingRow[] }[] = [
    {
      title: 'settings.section.general',
      rows: [
        {
          label: 'settings.currency',
          value: <strong>{settings.currency}</strong>,
          source: 'currency',
          hint: 'settings.currencyHint',
          testId: 'settings-currency',
        },
        ...(settings.config_file !== undefined
          ? [
              {
                label: 'settings.configFile',
                value: <span className="mono">{settings.config_file ?? t('settings.noConfigFile')}</span>,
                source: 'opt serve --config',
              } as SettingRow,
            ]
          : []),
        ...(settings.metrics_protected !== undefined
          ? [
              {
                label: 'settings.metricsProtected',
                value: yesNo(settings.metrics_protected),
                source: 'OPT_METRICS_TOKEN',
                hint: 'settings.metricsProtectedHint',
              } as SettingRow,
            ]
          : []),
      ],
    },
  ];
  if (settings.storage) {
    sections.push({
      title: 'settings.section.storage',
      rows: [
        {
          label: 'settings.database',
          value: settings.storage.database === 'postgresql' ? 'PostgreSQL' : 'SQLite',
          source: 'OPT_DATABASE_URL',
          hint: 'settings.databaseHint',
        },
        {
          label: 'settings.quotas',
          value: settings.storage.quotas === 'redis' ? 'Redis' : t('settings.quotasMemory'),
          source: 'OPT_REDIS_URL',
          hint: 'settings.quotasHint',
        },
      ],
    });
  }
  if (settings.billing) {
    sections.push({
      title: 'settings.section.billing',
      rows: [
        {
          label: 'settings.reserveMaxTokens',
          value: format.number(settings.billing.reserve_max_tokens),
          source: 'billing.reserve_max_tokens',
          hint: 'settings.reserveMaxTokensHint',
        },
        {
          label: 'settings.tpmCountsCached',
          value: yesNo(settings.billing.tpm_counts_cached_tokens),
          source: 'billing.tpm_counts_cached_tokens',
        },
      ],
    });
  }
  if (settings.retry) {
    sections.push({
      title: 'settings.section.retry',
      rows: [
        {
          label: 'settings.maxAttempts',
          value: format.number(settings.retry.max_attempts),
          source: 'retry.max_attempts',
        },
        {
          label: 'settings.initialBackoff',
          value: ms(settings.retry.initial_backoff_ms),
          source: 'retry.initial_backoff_ms',
        },
        {
          label: 'settings.maxBackoff',
          value: ms(settings.retry.max_backoff_ms),
          source: 'retry.max_backoff_ms',
        },
      ],
    });
  }
  if (settings.breaker) {
    sections.push({
      title: 'settings.section.breaker',
      rows: [
        {
          label: 'settings.failureThreshold',
          value: format.number(settings.breaker.failure_threshold),
          source: 'breaker.failure_threshold',
          hint: 'settings.failureThresholdHint',
        },
        {
          label: 'settings.breakerWindow',
          value: ms(settings.breaker.window_ms),
          source: 'breaker.window_ms',
        },
        {
          label: 'settings.breakerCooldown',
          value: ms(settings.breaker.cooldown_ms),
          source: 'breaker.cooldown_ms',
        },
      ],
    });
  }
  if (settings.server) {
    sections.push({
      title: 'settings.section.server',
      rows: [
        {
          label: 'settings.bodyLimit',
          value: t('settings.megabytes', {
            value: format.number(settings.server.body_limit_bytes / 1_048_576),
          }),
          source: 'server.body_limit_mb',
        },
        {
          label: 'settings.shutdownGrace',
          value: ms(settings.server.shutdown_grace_ms),
          source: 'server.shutdown_grace_ms',
        },
        {
          label: 'settings.trustProxy',
          value: yesNo(settings.server.trust_proxy),
          source: 'server.trust_proxy',
          hint: 'settings.trustProxyHint',
        },
      ],
    });
  }
  if (settings.retention) {
    sections.push({
      title: 'settings.section.retention',
      rows: [
        {
          label: 'settings.promptLogging',
          value:
            settings.retention.prompt_logging_default === 'off'
              ? t('settings.promptLoggingOff')
              : settings.retention.prompt_logging_default,
          source: 'prompt_logging (teams / keys)',
          hint: 'settings.promptLoggingHint',
        },
        {
          label: 'settings.purgeInterval',
          value: ms(settings.retention.body_purge_interval_ms),
          source: 'prompt_logging.retention_days',
          hint: 'settings.purgeIntervalHint',
        },
      ],
    });
  }

  return (
    <div className="grid grid-2 settings-grid">
      {sections.map((section) => (
        <section key={section.title} className="card" aria-labelledby={`settings-${section.title}`}>
          <h2 id={`settings-${section.title}`} className="card-title">
            {t(section.title)}
          </h2>
          <dl className="settings-list">
            {section.rows.map((row) => (
              <div key={row.label} className="settings-row">
                <dt>{t(row.label)}</dt>
                <dd data-testid={row.testId}>{row.value}</dd>
                <dd className="settings-source">
                  <code>{row.source}</code>
                  {row.hint && <span className="muted"> · {t(row.hint)}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
