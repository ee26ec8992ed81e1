/**
 * The bar's typical price (high + low + close) / 3, correctly rounded.
 *
 * Why not just `(h + l + c) / 3`: on a tick grid consecutive bars often have the same H+L+C in
 * decimal, and indicators that ask "did the typical price rise?" (MFI) must see those bars as
 * equal. Two roundings (the sum, then the division) can make equal means differ in the last bit
 * depending on the order of the terms, and a flow lands on the wrong side. R's `mean`, which TTR
 * uses, is (all but) correctly rounded; so is this: the exact sum as a double-double (TwoSum),
 * one division, and one correction step from the exact residual (Dekker's product).
 */
import type { HighLowClose } from '../types.js';

/** 2^27 + 1: splits a double into two 26-bit halves (Veltkamp). */
const SPLITTER = 134_217_729;

export function typicalPrice(bar: HighLowClose): number {
  const { high, low, close } = bar;
  // sum + error = high + low + close exactly.
  const partial = high + low;
  let virtual = partial - high;
  let error = high - (partial - virtual) + (low - virtual);
  const sum = partial + close;
  virtual = sum - partial;
  error += partial - (sum - virtual) + (close - virtual);
  const quotient = sum / 3;
  // product + productError = 3 × quotient exactly (3 needs no split: its low half is 0).
  const product = 3 * quotient;
  const split = SPLITTER * quotient;
  const quotientHigh = split - (split - quotient);
  const quotientLow = quotient - quotientHigh;
  const productError = 3 * quotientHigh - product + 3 * quotientLow;
  const residual = sum - product - productError + error;
  return quotient + residual / 3;
}
