import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { SelectField } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import { RANGE_PRESETS } from './time-ranges';
import { type LogFilterName, USAGE_STATUSES } from './usage-types';

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
}: {
  values: Partial<Record<LogFilterName, string>>;
  choices: FilterChoices | undefined;
  onChange(name: LogFilterName, value: string | null): void;
}) {
  const { t } = useI18n();
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
        onChange={(event) => onChange(name, event.target.value || null)}
      />
    </div>
  );
  return (
    <div className="filter-bar" data-testid="logs-filters">
      {select(
        'range',
        t('logs.filter.time'),
        RANGE_PRESETS.map((preset) => ({ value: preset.id, label: t(preset.label) })),
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
        USAGE_STATUSES.map((status) => ({ value: status, label: status })),
      )}
    </div>
  );
}
