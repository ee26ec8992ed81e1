/**
 * Order-flow imbalance of one quote update against the previous one (Cont, Kukanov & Stoikov,
 * "The price impact of order book events", 2014, eq. 10):
 *
 *   e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'
 *
 * (primed = previous quote). Bid size added at an unchanged or better bid is buying pressure,
 * bid size removed or a lower bid is selling pressure; mirrored on the ask. A bar's OFI is the
 * sum over its quote updates. The first quote ever has no predecessor and contributes 0.
 */

export interface BestQuote {
  readonly bidPrice: number;
  readonly bidSize: number;
  readonly askPrice: number;
  readonly askSize: number;
}

export type OrderFlowImbalanceState = BestQuote | null;

export class OrderFlowImbalance {
  private bidPrice = Number.NaN;
  private bidSize = 0;
  private askPrice = Number.NaN;
  private askSize = 0;

  /** Whether a quote has been seen (the OFI of a bar is defined from then on). */
  get hasQuote(): boolean {
    return !Number.isNaN(this.bidPrice);
  }

  /** The contribution e of this update; it becomes the previous quote. */
  update(bidPrice: number, bidSize: number, askPrice: number, askSize: number): number {
    let e = 0;
    if (this.hasQuote) {
      if (bidPrice >= this.bidPrice) e += bidSize;
      if (bidPrice <= this.bidPrice) e -= this.bidSize;
      if (askPrice <= this.askPrice) e -= askSize;
      if (askPrice >= this.askPrice) e += this.askSize;
    }
    this.bidPrice = bidPrice;
    this.bidSize = bidSize;
    this.askPrice = askPrice;
    this.askSize = askSize;
    return e;
  }

  snapshot(): OrderFlowImbalanceState {
    if (!this.hasQuote) return null;
    return { bidPrice: this.bidPrice, bidSize: this.bidSize, askPrice: this.askPrice, askSize: this.askSize };
  }

  restore(state: OrderFlowImbalanceState): void {
    if (state === null) {
      this.reset();
      return;
    }
    this.bidPrice = state.bidPrice;
    this.bidSize = state.bidSize;
    this.askPrice = state.askPrice;
    this.askSize = state.askSize;
  }

  reset(): void {
    this.bidPrice = Number.NaN;
    this.bidSize = 0;
    this.askPrice = Number.NaN;
    this.askSize = 0;
  }
}
