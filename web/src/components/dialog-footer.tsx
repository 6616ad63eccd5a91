import { useI18n } from '../i18n/i18n';

/**
 * The footer of a form dialog: Cancel, then the primary submit button for the form `form` (the form
 * lives in the dialog body, so the button names it by id). Disabled while the request is in flight.
 */
export function DialogFooter({
  form,
  submitLabel,
  busy,
  onCancel,
  testId,
}: {
  form: string;
  submitLabel: string;
  busy: boolean;
  onCancel(): void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" form={form} className="button primary" disabled={busy} data-testid={testId}>
        {submitLabel}
      </button>
    </>
  );
}
