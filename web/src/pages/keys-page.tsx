import { useRouter } from '../app/router';
import { KeyDetail } from './keys/key-detail';
import { KeysList } from './keys/keys-list';
import './tenancy/tenancy.css';

/** Keys: the list at `/keys`, one key at `/keys/<id>`. */
export function KeysPage() {
  const { location } = useRouter();
  const id = location.path.startsWith('/keys/')
    ? decodeURIComponent(location.path.slice('/keys/'.length))
    : '';
  return id ? <KeyDetail key={id} id={id} /> : <KeysList />;
}
