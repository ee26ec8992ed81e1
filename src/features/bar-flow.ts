/**
 * What the quotes and trades between two bar closes add up to: the accumulator behind the
 * microstructure features of one bar (spread, last quote, OFI, signed trade counts and volumes).
 * Reset per bar. O(1) per event, no allocation.
 */
import type { BestQuote } from './order-flow-imbalance.js';

export interface BarFlowState {
  /** End of the bar window of the first trade added (null before one). */
  readonly boundary: number | null;
  readonly quoteUpdates: number;
  readonly spreadBpsSum: number;
  readonly ofiSum: number;
  readonly lastQuote: BestQuote | null;
  readonly trades: number;
  readonly buys: number;
  readonly sells: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
}

/** Quoted spread in basis points of the mid. */
export function spreadBps(bidPrice: number, askPrice: number): number {
  return ((askPrice - bidPrice) / ((bidPrice + askPrice) / 2)) * 10_000;
}

/** Size-weighted mid: leans towards the side with less size (the one more likely to be taken). */
export function microprice(quote: BestQuote): number {
  const depth = quote.bidSize + quote.askSize;
  if (!(depth > 0)) return (quote.bidPrice + quote.askPrice) / 2;
  return (quote.bidPrice * quote.askSize + quote.askPrice * quote.bidSize) / depth;
}

export class BarFlow implements BestQuote {
  /** End of the bar window this flow belongs to; +∞ until its first trade says which. */
  boundary = Number.POSITIVE_INFINITY;
  quoteUpdates = 0;
  spreadBpsSum = 0;
  ofiSum = 0;
  bidPrice = Number.NaN;
  bidSize = 0;
  askPrice = Number.NaN;
  askSize = 0;
  trades = 0;
  buys = 0;
  sells = 0;
  buyVolume = 0;
  sellVolume = 0;

  get hasQuote(): boolean {
    return this.quoteUpdates > 0;
  }

  addQuote(bidPrice: number, bidSize: number, askPrice: number, askSize: number, ofi: number): void {
    this.quoteUpdates++;
    this.spreadBpsSum += spreadBps(bidPrice, askPrice);
    this.ofiSum += ofi;
    this.bidPrice = bidPrice;
    this.bidSize = bidSize;
    this.askPrice = askPrice;
    this.askSize = askSize;
  }

  addTrade(size: number, sign: number): void {
    this.trades++;
    if (sign > 0) {
      this.buys++;
      this.buyVolume += size;
    } else if (sign < 0) {
      this.sells++;
      this.sellVolume += size;
    }
  }

  /** Adds `later`'s events (which came after this flow's) to this flow. */
  merge(later: BarFlow): void {
    if (later.boundary !== Number.POSITIVE_INFINITY) this.boundary = later.boundary;
    if (later.hasQuote) {
      this.bidPrice = later.bidPrice;
      this.bidSize = later.bidSize;
      this.askPrice = later.askPrice;
      this.askSize = later.askSize;
    }
    this.quoteUpdates += later.quoteUpdates;
    this.spreadBpsSum += later.spreadBpsSum;
    this.ofiSum += later.ofiSum;
    this.trades += later.trades;
    this.buys += later.buys;
    this.sells += later.sells;
    this.buyVolume += later.buyVolume;
    this.sellVolume += later.sellVolume;
  }

  clear(): void {
    this.boundary = Number.POSITIVE_INFINITY;
    this.quoteUpdates = this.spreadBpsSum = this.ofiSum = 0;
    this.bidPrice = this.askPrice = Number.NaN;
    this.bidSize = this.askSize = 0;
    this.trades = this.buys = this.sells = this.buyVolume = this.sellVolume = 0;
  }

  snapshot(): BarFlowState {
    return {
      boundary: Number.isFinite(this.boundary) ? this.boundary : null,
      quoteUpdates: this.quoteUpdates,
      spreadBpsSum: this.spreadBpsSum,
      ofiSum: this.ofiSum,
      lastQuote: this.hasQuote
        ? { bidPrice: this.bidPrice, bidSize: this.bidSize, askPrice: this.askPrice, askSize: this.askSize }
        : null,
      trades: this.trades,
      buys: this.buys,
      sells: this.sells,
      buyVolume: this.buyVolume,
      sellVolume: this.sellVolume,
    };
  }

  restore(state: BarFlowState): void {
    this.clear();
    this.boundary = state.boundary ?? Number.POSITIVE_INFINITY;
    this.quoteUpdates = state.quoteUpdates;
    this.spreadBpsSum = state.spreadBpsSum;
    this.ofiSum = state.ofiSum;
    if (state.lastQuote !== null) {
      this.bidPrice = state.lastQuote.bidPrice;
      this.bidSize = state.lastQuote.bidSize;
      this.askPrice = state.lastQuote.askPrice;
      this.askSize = state.lastQuote.askSize;
    }
    this.trades = state.trades;
    this.buys = state.buys;
    this.sells = state.sells;
    this.buyVolume = state.buyVolume;
    this.sellVolume = state.sellVolume;
  }
}
