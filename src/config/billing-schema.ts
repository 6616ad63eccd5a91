import {
  childField,
  describeValue,
  type Field,
  failAt,
  readBoolean,
  readInteger,
  readOptionalMapping,
  readString,
} from './config-fields.js';
import type { BillingConfig } from './config-types.js';

export const DEFAULT_BILLING: Readonly<BillingConfig> = {
  currency: 'USD',
  reserveMaxTokens: 4096,
  tpmCountsCachedTokens: false,
};

/** Above any model's output window; 0 reserves nothing for output (only the prompt is checked up front). */
export const MAX_RESERVE_MAX_TOKENS = 1_000_000;

const BILLING_KEYS = ['reserve_max_tokens', 'tpm_counts_cached_tokens'] as const;

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** The top-level `currency:` and the `billing:` section. */
export function parseBilling(
  currencyValue: unknown,
  currencyField: Field,
  billingValue: unknown,
  billingField: Field,
): BillingConfig {
  const section = readOptionalMapping(billingValue, billingField, BILLING_KEYS);
  const at = (key: (typeof BILLING_KEYS)[number]) => childField(billingField, key);
  return {
    currency: readCurrency(currencyValue, currencyField),
    reserveMaxTokens:
      readInteger(section.reserve_max_tokens, at('reserve_max_tokens'), 0, MAX_RESERVE_MAX_TOKENS) ??
      DEFAULT_BILLING.reserveMaxTokens,
    tpmCountsCachedTokens:
      readBoolean(section.tpm_counts_cached_tokens, at('tpm_counts_cached_tokens')) ??
      DEFAULT_BILLING.tpmCountsCachedTokens,
  };
}

function readCurrency(value: unknown, field: Field): string {
  const currency = readString(value, field);
  if (currency === null) return DEFAULT_BILLING.currency;
  if (!CURRENCY_CODE.test(currency)) {
    failAt(
      field,
      `expected a 3-letter upper-case currency code like USD or CNY, got ${describeValue(currency)}`,
    );
  }
  return currency;
}
