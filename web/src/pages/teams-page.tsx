import { useRouter } from '../app/router';
import { TeamDetail } from './teams/team-detail';
import { TeamsList } from './teams/teams-list';
import './tenancy/tenancy.css';

/** Teams: the list at `/teams`, one team at `/teams/<id>`. */
export function TeamsPage() {
  const { location } = useRouter();
  const id = location.path.startsWith('/teams/')
    ? decodeURIComponent(location.path.slice('/teams/'.length))
    : '';
  return id ? <TeamDetail key={id} id={id} /> : <TeamsList />;
}
