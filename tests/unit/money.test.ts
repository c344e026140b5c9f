// lib/money: the one rounding rule (half-even), currency minor units and formatting without floats.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ptValue } from "@/components/account/budget-panel";
import { formatMoney, minorToDecimalString, parseMinor } from "@/lib/money/currency";
import { formatPt, formatPtValue, ptFromUsdMicros, usdMicrosFromPt } from "@/lib/money/pt";
import { roundHalfEven } from "@/lib/money/rounding";

describe("roundHalfEven", () => {
  it.each([
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [25n, 10n, 2n],
    [35n, 10n, 4n],
    [26n, 10n, 3n],
    [0n, 7n, 0n],
  ])("%s / %s → %s", (n, d, want) => {
    expect(roundHalfEven(n, d)).toBe(want);
  });

  it("is within half of the exact quotient and symmetric around zero", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const r = roundHalfEven(n, d);
          const diff = n - r * d; // exact remainder against the rounded value
          expect(2n * (diff < 0n ? -diff : diff) <= d).toBe(true);
          expect(roundHalfEven(-n, d)).toBe(-r);
        },
      ),
    );
  });

  it("refuses a non-positive denominator", () => {
    expect(() => roundHalfEven(1n, 0n)).toThrow(RangeError);
  });
});

describe("currencies", () => {
  it("formats INR with Indian grouping and the others in their locales", () => {
    expect(formatMoney(12_345_678n, "INR")).toBe("₹1,23,456.78");
    expect(formatMoney(123_456n, "USD")).toBe("$1,234.56");
    expect(formatMoney(1_234n, "JPY", "en-US")).toBe("¥1,234");
    expect(formatMoney(-5n, "GBP")).toBe("-£0.05");
    // Beyond Number's exact range, still exact.
    expect(formatMoney(900_719_925_474_099_312n, "USD")).toBe("$9,007,199,254,740,993.12");
  });

  it("converts between minor units and decimal strings exactly", () => {
    expect(minorToDecimalString(5n, "EUR")).toBe("0.05");
    expect(minorToDecimalString(1234n, "JPY")).toBe("1234");
    expect(parseMinor("19.99", "USD")).toBe(1999n);
    expect(parseMinor("500", "JPY")).toBe(500n);
    expect(() => parseMinor("1.5", "JPY")).toThrow(/decimal places/);
    expect(() => parseMinor("1e3", "USD")).toThrow();
  });
});

describe("PT", () => {
  it("is 1/100,000 USD by default, rounded half-even", () => {
    expect(ptFromUsdMicros(1_000_000n, 100_000n)).toBe(100_000n);
    expect(ptFromUsdMicros(10n, 100_000n)).toBe(1n);
    expect(ptFromUsdMicros(15n, 100_000n)).toBe(2n); // 1.5 → 2 (even)
    expect(ptFromUsdMicros(25n, 100_000n)).toBe(2n); // 2.5 → 2 (even)
    expect(usdMicrosFromPt(3n, 100_000n)).toBe(30n);
    expect(formatPt(1_234_567n)).toBe("1,234,567 PT");
    expect(formatPt(-1_000n)).toBe("-1,000 PT");
  });
});

describe("PT as money at list price", () => {
  it("shows cents half-even, and sub-cent amounts in micro-dollars", () => {
    expect(formatPtValue(250_000n, 100_000n)).toBe("$2.50");
    expect(formatPtValue(1_000n, 100_000n)).toBe("$0.01");
    expect(formatPtValue(1_500n, 100_000n)).toBe("$0.02"); // 1.5 cents → 2 (even)
    expect(formatPtValue(2_500n, 100_000n)).toBe("$0.02"); // 2.5 cents → 2 (even)
    expect(formatPtValue(30n, 100_000n)).toBe("$0.0003");
    expect(formatPtValue(0n, 100_000n)).toBe("$0.00");
    expect(formatPtValue(1n, 10_000_000n)).toBe("under $0.000001");
  });

  it("the browser's copy (budget panel) says the same for any amount", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (pt, perUsd) => {
          expect(ptValue(pt, perUsd)).toBe(formatPtValue(pt, perUsd));
        },
      ),
    );
  });
});
