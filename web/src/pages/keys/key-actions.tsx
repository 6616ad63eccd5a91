import { TenancyRowActions } from '../tenancy/tenancy-row-actions';
import type { KeyView } from '../tenancy/tenancy-types';
import { KeyFormDialog } from './key-form-dialog';

/** Edit, disable/enable and delete for one key; nothing changes a revoked key. */
export function KeyActions({
  apiKey,
  onChanged,
  onDeleted,
}: {
  apiKey: KeyView;
  onChanged(key: KeyView): void;
  onDeleted(): void;
}) {
  return (
    <TenancyRowActions
      kind="key"
      row={apiKey}
      gone={apiKey.status === 'revoked'}
      onChanged={onChanged}
      onDeleted={onDeleted}
      renderEditor={(props) => <KeyFormDialog {...props} />}
    />
  );
}
