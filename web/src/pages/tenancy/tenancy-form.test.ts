import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import {
  emptyTenancyForm,
  fieldOfParam,
  formErrorsOf,
  splitLines,
  TENANCY_FIELDS,
  tenancyBody,
  tenancyFormFrom,
} from './tenancy-form';

const FIELDS = [...TENANCY_FIELDS, 'allow_ips', 'team'];

describe('tenancy form', () => {
  it('leaves unset fields out on create, so the API applies its defaults', () => {
    expect(tenancyBody({ ...emptyTenancyForm(), name: ' ci bot ' }, true)).toEqual({ name: 'ci bot' });
  });

  it('sends every field on edit, null for what was emptied', () => {
    expect(tenancyBody({ ...emptyTenancyForm(), name: 'x' }, false)).toEqual({
      name: 'x',
      models: null,
      budget: null,
      limits: { rpm: null, tpm: null, concurrency: null },
      expires_at: null,
      prompt_logging: null,
    });
  });

  it('writes budgets, rolling periods, limits, expiry and retention in the API shape', () => {
    const body = tenancyBody(
      {
        ...emptyTenancyForm(),
        name: 'x',
        models: ['gpt-test'],
        budgetAmount: '12.5',
        period: 'rolling_h',
        rollingCount: '5',
        rpm: '60',
        tpm: '',
        concurrency: '4',
        expiresAt: '2030-01-02T03:04',
        retentionDays: '7',
      },
      true,
    );
    expect(body).toMatchObject({
      models: ['gpt-test'],
      budget: { amount: '12.5', period: 'rolling_5h' },
      limits: { rpm: 60, tpm: null, concurrency: 4 },
      expires_at: new Date('2030-01-02T03:04').toISOString(),
      prompt_logging: { retention_days: 7 },
    });
  });

  it('passes text that is not a number through, for the API to name the field', () => {
    expect(tenancyBody({ ...emptyTenancyForm(), name: 'x', rpm: 'lots' }, true).limits).toEqual({
      rpm: 'lots',
      tpm: null,
      concurrency: null,
    });
  });

  it('reads a view back into the same form', () => {
    const form = tenancyFormFrom({
      name: 'x',
      models: null,
      budget: { amount: '3', amount_micros: 3_000_000, period: 'rolling_7d' },
      limits: { rpm: 10, tpm: null, concurrency: null },
      expires_at: '2030-01-02T03:04:00.000Z',
      prompt_logging: { retention_days: 30 },
    });
    expect(form).toMatchObject({
      budgetAmount: '3',
      period: 'rolling_d',
      rollingCount: '7',
      rpm: '10',
      tpm: '',
    });
    expect(new Date(form.expiresAt).toISOString()).toBe('2030-01-02T03:04:00.000Z');
    expect(tenancyBody(form, false).expires_at).toBe('2030-01-02T03:04:00.000Z');
  });

  it('maps an error param to the field it belongs to', () => {
    expect(fieldOfParam('allow_ips[2]', FIELDS)).toBe('allow_ips');
    expect(fieldOfParam('models[0]', FIELDS)).toBe('models');
    expect(fieldOfParam('budget', FIELDS)).toBe('budget.amount');
    expect(fieldOfParam('budget.period', FIELDS)).toBe('budget.period');
    expect(fieldOfParam('limits.tpm', FIELDS)).toBe('limits.tpm');
    expect(fieldOfParam('prompt_logging.retention_days', FIELDS)).toBe('prompt_logging');
    expect(fieldOfParam('price_multiplier', FIELDS)).toBeNull();
    expect(fieldOfParam(null, FIELDS)).toBeNull();
  });

  it('puts an error without a field of the form above the buttons', () => {
    const fieldError = new ApiError('bad ip', { status: 400, param: 'allow_ips[0]' });
    expect(formErrorsOf(fieldError, FIELDS)).toEqual({ fields: { allow_ips: 'bad ip' }, form: null });
    const other = new ApiError('conflict', { status: 409 });
    expect(formErrorsOf(other, FIELDS)).toEqual({ fields: {}, form: other });
  });

  it('splits an allow-list by lines or commas', () => {
    expect(splitLines(' 10.0.0.0/8\n\n::1 , 192.168.1.1 ')).toEqual(['10.0.0.0/8', '::1', '192.168.1.1']);
  });
});
