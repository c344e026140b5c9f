// THE rounding rule of Ledgerchat: wherever a money fraction must become an integer (PT from
// micro-USD, a price times a token count), it goes through roundHalfEven here and nowhere else.
// Banker's rounding: exact halves go to the even neighbour, so rounding errors do not drift one way
// over millions of small charges. Inputs are BigInt: there are no floats on a money path.

/** numerator / denominator rounded half-to-even. denominator must be positive. */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("roundHalfEven: denominator must be positive");
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  let rounded = quotient;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
    rounded = quotient + 1n;
  }
  return negative ? -rounded : rounded;
}
