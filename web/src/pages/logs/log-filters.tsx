import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { SelectField, TextField } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import { RANGE_PRESETS, rangeStartIso } from './time-ranges';
import { usageStatusText } from './usage-labels';
import { type LogFilterName, USAGE_STATUSES } from './usage-types';

const CUSTOM = 'custom';

interface Named {
  id: string;
  name: string;
}

/** What the filter selects offer: every key, team, public model and channel (one page of 1000 each). */
export interface FilterChoices {
  keys: Named[];
  teams: Named[];
  models: string[];
  channels: string[];
}

export function useFilterChoices() {
  return useApiQuery<FilterChoices>(async (api, signal) => {
    // One failing list (an older server) should not empty the others.
    const list = <T,>(path: string, query: Record<string, string | number> = {}) =>
      api
        .get<ListResponse<T>>(path, { limit: 1000, ...query }, signal)
        .then((page) => page.data)
        .catch(() => [] as T[]);
    const [keys, teams, models, channels] = await Promise.all([
      list<Named>('/admin/keys', { include_revoked: 'true' }),
      list<Named>('/admin/teams'),
      api
        .get<{ data: Array<{ id: string }> }>('/admin/models', undefined, signal)
        .then((page) => page.data)
        .catch(() => []),
      list<{ name: string }>('/admin/channels'),
    ]);
    return {
      keys: keys.map(({ id, name }) => ({ id, name })),
      teams: teams.map(({ id, name }) => ({ id, name })),
      models: models.map((model) => model.id),
      channels: channels.map((channel) => channel.name),
    };
  }, []);
}

/** The Logs filters; each change rewrites the URL (so a filtered view can be linked) and restarts paging. */
export function LogFilters({
  values,
  choices,
  onChange,
  onClear,
}: {
  values: Partial<Record<LogFilterName, string>>;
  choices: FilterChoices | undefined;
  onChange(changes: Partial<Record<LogFilterName, string | null>>): void;
  onClear(): void;
}) {
  const { t } = useI18n();
  const custom = values.range === CUSTOM || Boolean(values.from || values.to);
  const all = { value: '', label: t('logs.filter.all') };
  // A value from the URL that the lists do not hold (a deleted key) stays selectable.
  const withCurrent = (options: Array<{ value: string; label: string }>, current: string | undefined) =>
    current && !options.some((option) => option.value === current)
      ? [all, ...options, { value: current, label: current }]
      : [all, ...options];
  const select = (name: LogFilterName, label: string, options: Array<{ value: string; label: string }>) => (
    <div className="filter" data-testid={`logs-filter-${name}`}>
      <SelectField
        label={label}
        value={values[name] ?? ''}
        options={withCurrent(options, values[name])}
        onChange={(event) => onChange({ [name]: event.target.value || null })}
      />
    </div>
  );
  return (
    <div className="filter-bar" data-testid="logs-filters">
      <div className="filter" data-testid="logs-filter-range">
        <SelectField
          label={t('logs.filter.time')}
          value={custom ? CUSTOM : (values.range ?? '')}
          options={[
            all,
            ...RANGE_PRESETS.map((preset) => ({ value: preset.id, label: t(preset.label) })),
            { value: CUSTOM, label: t('logs.filter.custom') },
          ]}
          // A preset replaces a custom from/to; Custom starts from the last 24 hours.
          onChange={(event) => {
            const value = event.target.value;
            if (value === CUSTOM) onChange({ range: CUSTOM, from: values.from ?? rangeStartIso('24h') });
            else onChange({ range: value || null, from: null, to: null });
          }}
        />
      </div>
      {custom && (
        <>
          <DateTimeFilter
            name="from"
            label={t('logs.filter.from')}
            value={values.from}
            onChange={(value) => onChange({ from: value })}
          />
          <DateTimeFilter
            name="to"
            label={t('logs.filter.to')}
            value={values.to}
            onChange={(value) => onChange({ to: value })}
          />
        </>
      )}
      {select(
        'key_id',
        t('logs.filter.key'),
        (choices?.keys ?? []).map((key) => ({ value: key.id, label: key.name })),
      )}
      {select(
        'team_id',
        t('logs.filter.team'),
        (choices?.teams ?? []).map((team) => ({ value: team.id, label: team.name })),
      )}
      {select(
        'model',
        t('logs.filter.model'),
        (choices?.models ?? []).map((model) => ({ value: model, label: model })),
      )}
      {select(
        'channel',
        t('logs.filter.channel'),
        (choices?.channels ?? []).map((channel) => ({ value: channel, label: channel })),
      )}
      {select(
        'status',
        t('logs.filter.status'),
        USAGE_STATUSES.map((status) => ({ value: status, label: usageStatusText(t, status) })),
      )}
      <div className="filter filter-actions">
        <button
          type="button"
          className="button small ghost"
          onClick={onClear}
          disabled={Object.keys(values).length === 0}
          data-testid="logs-filter-clear"
        >
          {t('logs.filter.clear')}
        </button>
      </div>
    </div>
  );
}

/** A `datetime-local` input (the browser's own locale picker) kept in the URL as ISO 8601. */
function DateTimeFilter({
  name,
  label,
  value,
  onChange,
}: {
  name: 'from' | 'to';
  label: string;
  value: string | undefined;
  onChange(value: string | null): void;
}) {
  return (
    <div className="filter" data-testid={`logs-filter-${name}`}>
      <TextField
        type="datetime-local"
        label={label}
        value={value ? toLocalInput(value) : ''}
        onChange={(event) => {
          const time = event.target.value ? new Date(event.target.value) : null;
          onChange(time && !Number.isNaN(time.getTime()) ? time.toISOString() : null);
        }}
      />
    </div>
  );
}

/** ISO text → the `YYYY-MM-DDTHH:mm` local time a datetime-local input holds (a value, not display text). */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
