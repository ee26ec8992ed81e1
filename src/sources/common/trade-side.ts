/**
 * Aggressor side for trades whose venue does not say (US equities on Polygon and Alpaca):
 * the quote rule against the last quote (price ≥ ask → buy, price ≤ bid → sell), else the tick
 * rule against the previous trade (up-tick → buy, down-tick → sell, zero-tick → the side of the
 * last non-zero tick). Lee & Ready (1991) without their 5-second quote lag: feeds here stamp
 * quotes and trades with the same SIP clock. O(1) per event: one Map lookup.
 */
import type { Side } from '../../core/events.js';

interface SymbolSideState {
  bid: number;
  ask: number;
  lastPrice: number;
  lastTickSide: Side;
}

export class TradeSideClassifier {
  private readonly symbols = new Map<string, SymbolSideState>();

  private state(symbol: string): SymbolSideState {
    let state = this.symbols.get(symbol);
    if (state === undefined) {
      state = { bid: Number.NaN, ask: Number.NaN, lastPrice: Number.NaN, lastTickSide: 'unknown' };
      this.symbols.set(symbol, state);
    }
    return state;
  }

  /** Records the latest quote. A crossed or non-positive quote is ignored for classification. */
  onQuote(symbol: string, bidPrice: number, askPrice: number): void {
    const state = this.state(symbol);
    if (bidPrice > 0 && askPrice > 0 && bidPrice <= askPrice) {
      state.bid = bidPrice;
      state.ask = askPrice;
    }
  }

  /** Classifies a trade and records its price for the next tick test. */
  classify(symbol: string, price: number): Side {
    const state = this.state(symbol);
    let side: Side;
    if (price >= state.ask) side = 'buy';
    else if (price <= state.bid) side = 'sell';
    else side = 'unknown';
    // Tick rule, kept up to date on every trade so it is ready when the quote rule is silent.
    if (price > state.lastPrice) state.lastTickSide = 'buy';
    else if (price < state.lastPrice) state.lastTickSide = 'sell';
    state.lastPrice = price;
    return side === 'unknown' ? state.lastTickSide : side;
  }

  /** Forget everything (e.g. after a reconnect, when the last quote may be stale). */
  clear(): void {
    this.symbols.clear();
  }
}
