// Currencies as integer minor units. The exponent says how many minor units make one major unit
// (USD 2: cents; JPY 0: yen). Formatting goes through strings, never through a float.
import { AppError } from "@/lib/errors";

export const CURRENCIES = {
  USD: { exponent: 2, locale: "en-US" },
  EUR: { exponent: 2, locale: "de-DE" },
  GBP: { exponent: 2, locale: "en-GB" },
  INR: { exponent: 2, locale: "en-IN" },
  JPY: { exponent: 0, locale: "ja-JP" },
} as const;

export type Currency = keyof typeof CURRENCIES;

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(CURRENCIES, code);
}

export function currencyExponent(currency: Currency): number {
  return CURRENCIES[currency].exponent;
}

/** Minor units as an exact decimal string in major units: 12345n USD → "123.45". */
export function minorToDecimalString(minor: bigint, currency: Currency): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** "123.45" USD → 12345n. Refuses more decimals than the currency has (no silent rounding). */
export function parseMinor(decimal: string, currency: Currency): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new AppError("bad_request", `Not a decimal amount: ${decimal}`);
  const exponent = currencyExponent(currency);
  const fraction = match[3] ?? "";
  if (fraction.length > exponent) {
    throw new AppError("bad_request", `${currency} has ${exponent} decimal places: ${decimal}`);
  }
  const minor = BigInt(`${match[2]}${fraction.padEnd(exponent, "0")}`);
  return match[1] ? -minor : minor;
}

/**
 * Localized money: formatMoney(12345678n, "INR") → "₹1,23,456.78". Intl formats the exact decimal
 * string (Intl.NumberFormat v3 accepts strings), so no float ever carries the amount.
 */
export function formatMoney(minor: bigint, currency: Currency, locale?: string): string {
  const exponent = currencyExponent(currency);
  const formatter = new Intl.NumberFormat(locale ?? CURRENCIES[currency].locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return formatter.format(minorToDecimalString(minor, currency) as `${number}`);
}

/**
 * A stored amount (minor units + the lowercase code Stripe uses, e.g. 2000n "usd") as money:
 * "$20.00". An unknown code still says what it is ("2000 xyz (minor units)") rather than guessing.
 */
export function formatStoredMoney(minor: bigint, code: string | null | undefined, locale?: string): string {
  const upper = (code ?? "").toUpperCase();
  return isCurrency(upper)
    ? formatMoney(minor, upper, locale)
    : `${minor} ${code ?? ""} (minor units)`.trim();
}
