/**
 * Polygon stock trade conditions, used only to *filter* (never to infer a side). The IDs come
 * from the LEAN condition table as quoted in FEEDS.md; confirm them against
 * `GET /v3/reference/conditions?asset_class=stocks&data_type=trade` for your plan.
 *
 * Dropped by default: prints that are not last-sale prices of a regular trade — average-price,
 * cash and next-day settlement, contingent and qualified contingent trades (their price was
 * fixed away from the market) and the official open/close markers (a price with no volume).
 * Kept: regular, ISO, Form T (extended hours; Massive's own extended-hours bars use them),
 * odd lots (a large share of volume today), out-of-sequence and prior-reference prints (bars
 * take them for high/low).
 */
export const POLYGON_CONDITION = {
  regular: 0,
  averagePrice: 2,
  cash: 7,
  formT: 12,
  extendedHoursOutOfSequence: 13,
  intermarketSweep: 14,
  officialClose: 15,
  officialOpen: 16,
  nextDay: 20,
  priorReferencePrice: 22,
  outOfSequence: 33,
  oddLot: 37,
  tradeThroughExempt: 41,
  contingent: 52,
  qualifiedContingent: 53,
} as const;

export const DEFAULT_EXCLUDED_CONDITIONS: ReadonlySet<number> = new Set([
  POLYGON_CONDITION.averagePrice,
  POLYGON_CONDITION.cash,
  POLYGON_CONDITION.officialClose,
  POLYGON_CONDITION.officialOpen,
  POLYGON_CONDITION.nextDay,
  POLYGON_CONDITION.contingent,
  POLYGON_CONDITION.qualifiedContingent,
]);
