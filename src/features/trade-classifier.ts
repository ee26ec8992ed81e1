/**
 * Trade sign inference: +1 buyer-initiated, −1 seller-initiated, 0 unknown.
 *
 * - Tick rule: a trade above the previous trade's price is a buy, below it a sell; at the same
 *   price (zero tick) it takes the sign of the last price change. Before any price change: 0.
 * - Lee-Ready (1991), used whenever a quote is known: a trade above the prevailing quote's mid
 *   is a buy, below it a sell; exactly at the mid, the tick rule decides. The prevailing quote is
 *   the latest one received before the trade (no 5-second delay: today's feeds timestamp
 *   quotes and trades on one clock, for which Bessembinder 2003 finds no delay best).
 *
 * Signs are always inferred, even when the venue reports an aggressor side, so the features
 * mean the same on every feed (bars keep the reported buy/sell volume). O(1), no allocation.
 */

export interface TradeClassifierState {
  /** Price of the previous trade, null before the first. */
  readonly lastPrice: number | null;
  /** Direction of the last price change: 1, −1, or 0 before any change. */
  readonly lastTickSign: number;
  /** Mid of the prevailing quote, null before the first quote. */
  readonly mid: number | null;
}

export class TradeClassifier {
  private lastPrice = Number.NaN;
  private lastTickSign = 0;
  private mid = Number.NaN;

  /** Takes a quote update as the prevailing quote. */
  observeQuote(bidPrice: number, askPrice: number): void {
    this.mid = (bidPrice + askPrice) / 2;
  }

  /** The sign of a trade at `price`, then remembers the price for the tick rule. */
  classify(price: number): number {
    const previous = this.lastPrice;
    if (price > previous) this.lastTickSign = 1;
    else if (price < previous) this.lastTickSign = -1;
    this.lastPrice = price;
    const mid = this.mid;
    if (price > mid) return 1;
    if (price < mid) return -1;
    // At the mid, or no quote yet (comparisons with NaN are false): the tick rule.
    return this.lastTickSign;
  }

  snapshot(): TradeClassifierState {
    return {
      lastPrice: Number.isNaN(this.lastPrice) ? null : this.lastPrice,
      lastTickSign: this.lastTickSign,
      mid: Number.isNaN(this.mid) ? null : this.mid,
    };
  }

  restore(state: TradeClassifierState): void {
    this.lastPrice = state.lastPrice ?? Number.NaN;
    this.lastTickSign = state.lastTickSign;
    this.mid = state.mid ?? Number.NaN;
  }

  reset(): void {
    this.lastPrice = Number.NaN;
    this.lastTickSign = 0;
    this.mid = Number.NaN;
  }
}
