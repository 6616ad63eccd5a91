import { useState } from 'react';
import type { CreatedKey } from '../tenancy/tenancy-types';
import { KeyCreatedDialog } from './key-created-dialog';
import { KeyFormDialog } from './key-form-dialog';

/**
 * Creating a key: the form, then (once created) the one-time dialog with the full key in its place.
 * `onCreated` runs as soon as the key exists (to reload a list); `onClose` when either dialog closes.
 */
export function KeyCreateFlow({
  defaultTeam,
  onClose,
  onCreated,
}: {
  defaultTeam?: string;
  onClose(): void;
  onCreated(): void;
}) {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  if (created) return <KeyCreatedDialog created={created} onClose={onClose} />;
  return (
    <KeyFormDialog
      defaultTeam={defaultTeam}
      onClose={onClose}
      onCreated={(key) => {
        setCreated(key);
        onCreated();
      }}
    />
  );
}
