import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import type { ModelEntry, TeamView } from './tenancy-types';

/** The public model ids the gateway serves (`/admin/models`), for the models picker. */
export function useModelIds(): string[] | undefined {
  const models = useApiQuery(
    (api, signal) => api.get<{ data: ModelEntry[] }>('/admin/models', undefined, signal),
    [],
  );
  return models.data?.data.map((model) => model.id);
}

/** Every live team (the key form's team select). Teams number in the thousands at most. */
export function useAllTeams(): TeamView[] | undefined {
  const teams = useApiQuery(
    (api, signal) => api.get<ListResponse<TeamView>>('/admin/teams', { limit: 1000 }, signal),
    [],
  );
  return teams.data?.data;
}
